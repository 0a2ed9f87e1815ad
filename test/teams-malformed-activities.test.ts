/**
 * Activities with fields of the wrong type (hand-made or hostile; Teams itself never sends them)
 * get a 400 naming the field, before any turn logic runs: no apology message, no error log.
 */
import { BOT, messageActivity, startTeamsHarness, USER, type Harness } from './support/teams-harness';

let h: Harness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(() => h.close());

const base = (): Record<string, unknown> => ({
  type: 'message',
  id: h.nextId(),
  channelId: 'msteams',
  serviceUrl: h.connector.url,
  conversation: { id: 'a:c1' },
  from: USER,
  recipient: BOT,
});

describe('Teams activities with wrongly typed fields', () => {
  it.each([
    ['text', { text: 42 }],
    ['entities', { text: 'status', entities: [null, 5] }],
    ['entities', { text: 'status', entities: 'mention' }],
    ['membersAdded', { type: 'conversationUpdate', membersAdded: 'bot' }],
    ['membersAdded', { type: 'conversationUpdate', membersAdded: [null] }],
    ['membersRemoved', { type: 'conversationUpdate', membersRemoved: [{ id: 7 }] }],
    ['action', { type: 'installationUpdate', action: 5 }],
    ['localTimezone', { text: 'subscribe', localTimezone: 7 }],
    ['from', { text: 'status', from: 'user' }],
    ['conversation.tenantId', { text: 'subscribe', conversation: { id: 'a:c1', tenantId: 5 } }],
    ['channelData', { text: 'status', channelData: [] }],
  ])('%s → 400 naming the field; nothing sent, nothing stored, no error logged', async (field, over) => {
    const errorsBefore = h.logger.lines.filter((l) => l.level === 'error').length;
    const res = await h.post({ ...base(), ...over });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ error: `activity field ${field} has the wrong type` });
    expect(h.connector.requests).toEqual([]);
    expect(await h.app.store.countSubscriptions()).toBe(0);
    expect(h.logger.lines.filter((l) => l.level === 'error').length).toBe(errorsBefore);
  });

  it('a well-formed activity with null optional fields is still answered', async () => {
    const res = await h.post({ ...base(), text: 'status', entities: null, channelData: null, localTimezone: null });
    expect(res.status).toBe(200);
    expect(h.connector.requests).toHaveLength(1);
    expect(JSON.stringify(h.connector.requests[0].body)).toContain('ratified by 0');
  });

  it('a real channel message (mention entity, channelData) passes the checks', async () => {
    h.connector.reset();
    const res = await h.post(
      messageActivity({ scope: 'channel', text: 'status', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    expect(res.status).toBe(200);
    expect(h.connector.requests).toHaveLength(1);
  });
});
