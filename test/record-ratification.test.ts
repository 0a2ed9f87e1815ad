/**
 * The maintainer's routine, end to end: copy the data, run the real `data record` command into
 * the copy, and check that every answer tells the same story afterwards — `data check`, status,
 * party, next, timeline, the digest, and exactly one alert per alerts subscriber (also with a
 * second "replica" running the same pass).
 *
 * It runs on a copy of the frozen fixture AND on a copy of the live `data/`, so it keeps passing
 * whatever has been recorded there: it picks a party and a step not yet recorded and a date after
 * everything recorded, and asserts relations between answers, not today's facts.
 */
import { runCli } from '../adapters/cli/main';
import { runInfoCommand } from '../src/commands/info';
import { parseCommand } from '../src/commands/parse';
import type { CommandDeps } from '../src/commands/types';
import { buildDigest, digestSnapshot } from '../src/delivery/digest';
import { createMemoryLogger } from '../src/infra/logger';
import { toPlainText, type Block, type Message } from '../src/text/message';
import { anniversarySubjects } from '../src/treaty/anniversaries';
import { createDataSource, loadData } from '../src/treaty/data';
import type { Party, RatificationKind, TreatyData } from '../src/treaty/model';
import { partyStatus, stateLabel, statusCounts } from '../src/treaty/queries';
import { formatDay as dayIn } from '../src/text/format';
import { textsFor } from '../src/text/texts';

const en = textsFor('en');
const formatDay = (date: string): string => dayIn('en', date);
const STATE_LABEL = { get: (state: Parameters<typeof stateLabel>[1]): string => stateLabel(en, state) };
import type { Store } from '../src/store/store';
import { addSub, deliveryDeps, memoryStore } from './support/delivery-harness';
import { copyData, FIXTURE_DATA_DIR, REAL_DATA_DIR, type DataFixture } from './support/data-fixture';
import { recordingSender } from './support/recording-sender';

const KINDS: RatificationKind[] = ['ratification', 'notification', 'entry-into-force'];
const ctx = { channel: { platform: 'test', workspace: 'w', channel: 'c', address: {} } };

/** The first step not yet recorded for some party, whose earlier steps are recorded. */
function nextStep(data: TreatyData): { party: Party; kind: RatificationKind } {
  for (const kind of KINDS) {
    const needs = KINDS.slice(0, KINDS.indexOf(kind));
    for (const party of data.parties.filter((p) => p.role === 'party')) {
      const has = (k: RatificationKind): boolean => data.events.some((e) => e.party === party.code && e.kind === k);
      if (!has(kind) && needs.every(has)) return { party, kind };
    }
  }
  throw new Error('every step is recorded for every party: nothing left to record');
}

/** The day after everything already recorded or checked (so the new event is the latest). */
function dayAfterEverything(data: TreatyData): string {
  const days = [data.asOf, data.eventsCheckedOn, ...data.events.flatMap((e) => e.date.values.map((v) => v.date))];
  const latest = days.map((d) => d.padEnd(10, '-12-31').slice(0, 10)).sort()[days.length - 1];
  const next = new Date(`${latest}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

async function ask(data: TreatyData, input: string, now: string): Promise<Message> {
  const parsed = parseCommand(input);
  if (!parsed.ok) throw new Error(`did not parse: ${input}`);
  const noStore = {} as Store;
  const deps: CommandDeps = {
    data: () => data,
    store: noStore,
    clock: () => new Date(now),
    logger: createMemoryLogger(),
    defaultZone: 'Asia/Singapore',
    catchupHours: 24,
    defaultLang: 'en',
  };
  return runInfoCommand(parsed.command, ctx, deps);
}

const factsOf = (m: Message): Record<string, string> =>
  Object.fromEntries(m.blocks.flatMap((b) => (b.type === 'facts' ? b.facts.map((f) => [f.label, f.value]) : [])));
const listAfter = (m: Message, title: string): string[] => {
  const i = m.blocks.findIndex((b) => b.type === 'text' && b.text === title);
  return m.blocks.slice(i + 1).find((b): b is Extract<Block, { type: 'list' }> => b.type === 'list')?.items ?? [];
};

describe.each([
  ['a copy of the fixture', FIXTURE_DATA_DIR],
  ['a copy of the live data/', REAL_DATA_DIR],
])('data record into %s keeps every answer consistent', (_name, from) => {
  let fx: DataFixture;
  beforeAll(() => {
    fx = copyData(from);
  });
  afterAll(() => fx.remove());

  it('status, party, next, timeline, digest and alerts agree after the real command', async () => {
    const source = createDataSource(fx.dir, createMemoryLogger());
    const before = source.current();
    const { party, kind } = nextStep(before);
    const date = dayAfterEverything(before);
    const day = formatDay(date);
    const subscribed = new Date(`${before.asOf}T12:00:00Z`);
    const after = new Date(`${date}T12:00:00Z`);
    const nowIso = `${date}T12:00:00Z`;

    // Subscribers from before the record: two alerts channels, one digest.
    const store = await memoryStore();
    const alertsA = await addSub(store, before, { kind: 'alerts', channel: 'A' }, subscribed);
    await addSub(store, before, { kind: 'alerts', channel: 'B', workspace: 'W2' }, subscribed);
    const sender = recordingSender();
    const replica1 = deliveryDeps(store, () => source.current(), { test: sender }, { owner: 'replica-1' });
    const replica2 = deliveryDeps(store, () => source.current(), { test: sender }, { owner: 'replica-2' });
    await replica1.run(subscribed);
    expect(sender.sent.filter((s) => s.msg.summary.startsWith('New record'))).toEqual([]);

    // The real command, as a maintainer types it.
    const out: string[] = [];
    const err: string[] = [];
    const io = { env: { CAFTA_DATA_DIR: fx.dir }, out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const args = ['data', 'record', kind, party.code.toLowerCase(), date];
    const code = await runCli([...args, '--source-url', 'https://example.org/x', '--source-title', 'T'], io);
    expect({ code, err: err.join('\n') }).toEqual({ code: 0, err: '' });
    expect(out[0]).toContain(`${party.shortName} (${party.code}): ${kind} on ${day} recorded`);
    const check: string[] = [];
    expect(await runCli(['data', 'check'], { ...io, out: (t) => check.push(t), err: (t) => check.push(t) })).toBe(0);

    expect(source.reload()).toMatchObject({ ok: true, changed: true });
    const data = source.current();
    expect(data).toEqual(loadData(fx.dir));
    const event = data.events.find((e) => e.id === `${party.code.toLowerCase()}-${kind}`);
    expect(event?.date.values).toEqual([{ date, precision: 'day', sources: [expect.any(String)] }]);
    expect([data.asOf, data.eventsCheckedOn]).toEqual([date, date]);

    // status: one more party at this step; its line, the note and the counts agree.
    const state = partyStatus(data, party).state;
    expect(state).toBe(kind === 'ratification' ? 'ratified' : kind === 'notification' ? 'notified' : 'in-force');
    const counted = { ratification: 'ratified', notification: 'notified', 'entry-into-force': 'inForce' } as const;
    expect(statusCounts(data)[counted[kind]]).toBe(statusCounts(before)[counted[kind]] + 1);
    const status = await ask(data, 'status', nowIso);
    const statusText = toPlainText(status);
    const line = listAfter(status, 'Parties').find((l) => l.startsWith(`${party.shortName} (${party.code})`));
    expect(line).toContain(`${STATE_LABEL.get(state)} — `);
    expect(line).toMatch(new RegExp(`${day} \\[\\d+\\]`));
    expect(statusText).toContain(data.eventsNote);
    expect(data.eventsNote).toContain(party.shortName);
    expect(data.eventsNote).toContain(`As of ${day}`);
    expect(statusText).not.toMatch(/No completed ratification/);

    // party: the same state, the date with its source, and the source is a link.
    const answer = await ask(data, `party ${party.name}`, nowIso);
    expect(factsOf(answer).Status).toBe(STATE_LABEL.get(state));
    const row = {
      ratification: 'Ratification',
      notification: 'Notified depositary',
      'entry-into-force': 'Entry into force',
    }[kind];
    expect(factsOf(answer)[row]).toMatch(new RegExp(`^${day} \\[\\d+\\]$`));
    const links = answer.blocks.flatMap((b) => (b.type === 'links' ? b.items : []));
    expect(links).toContainEqual(expect.objectContaining({ label: 'T', url: 'https://example.org/x' }));

    // next and timeline: nothing says the opposite.
    const next = toPlainText(await ask(data, 'next 30', nowIso));
    if (kind === 'ratification') {
      const pending = statusCounts(data).parties - statusCounts(data).ratified;
      expect(next).toContain(`Domestic ratification by the other ${pending} of`);
    }
    expect(next).not.toMatch(/none reported as of/);
    const timeline = toPlainText(await ask(data, 'timeline --all', nowIso));
    expect(timeline).not.toMatch(/No completed ratification/);
    if (kind !== 'notification') expect(anniversarySubjects(data).map((s) => s.id)).toContain(event?.id);

    // digest: the change, and the party's line with the same date.
    const digest = toPlainText(buildDigest(en, data, digestSnapshot(before, subscribed), after, 'Asia/Singapore'));
    expect(digest).toContain(
      `New: ${party.shortName}: ${kind === 'entry-into-force' ? 'entry into force' : kind} ${day}`,
    );
    expect(digest).toMatch(new RegExp(`${party.shortName}\\s+\\S.*${day}`));

    // alerts: exactly one per subscriber, however many passes and replicas run.
    await replica1.run(after);
    await replica2.run(new Date(after.getTime() + 60_000));
    await replica1.run(new Date(after.getTime() + 120_000));
    const alerts = sender.sent.filter((s) => s.msg.summary.startsWith('New record'));
    expect(alerts.map((s) => `${s.target.channel}: ${s.msg.summary}`).sort()).toEqual(
      ['A', 'B'].map(
        (c) =>
          `${c}: New record: ${party.shortName} ${kind === 'entry-into-force' ? 'entry into force' : kind} (${day})`,
      ),
    );
    expect((await store.listDeliveries(alertsA.id)).map((d) => [d.kind, d.occurrence, d.status])).toEqual([
      ['alert', event?.id, 'sent'],
    ]);
    await store.close();
  });
});
