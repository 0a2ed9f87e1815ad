/**
 * GET /api/status.json: the status as JSON for other tools, valid against the schema committed
 * in docs/api, built from the treaty data alone, with CORS for any origin and an ETag.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildStatusDoc, type StatusDoc } from '../adapters/web/status-doc';
import { loadData } from '../src/treaty/data';
import { statusCounts } from '../src/treaty/queries';
import { addFixtureEvents, copyData, loadFixtureData } from './support/data-fixture';
import { startWebApp, WEB_NOW, type WebApp } from './support/web-app';

const schema = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'api', 'status.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);
const valid = (doc: unknown): string => (validate(doc) ? 'valid' : ajv.errorsText(validate.errors));

describe('GET /api/status.json', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(() => app.close());

  it('answers the documented schema in English, with CORS for any origin and an ETag', async () => {
    const res = await app.get('/api/status.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    const doc = (await res.json()) as StatusDoc;
    expect(valid(doc)).toBe('valid');
    const data = loadFixtureData();
    expect(doc.lang).toBe('en');
    expect(doc.dataVersion).toBe(data.version);
    expect(doc.asOf).toBe(data.asOf);
    expect(doc.parties.map((p) => p.code)).toEqual(data.parties.filter((p) => p.role === 'party').map((p) => p.code));
    expect(doc.parties).toHaveLength(11);
    expect(doc.nonParties.map((p) => p.code)).toEqual(['TL']);
    const c = statusCounts(data);
    expect(doc.counts).toEqual({
      parties: c.parties,
      signed: c.signed,
      ratified: c.ratified,
      notified: c.notified,
      inForce: c.inForce,
      unknown: c.unknown,
    });
    expect(doc.areas).toHaveLength(data.areas.length);
    expect(doc.milestones).toHaveLength(data.milestones.length);
    // Conflicting dates are kept, all values with their sources.
    const launched = doc.milestones.find((m) => m.id === 'negotiations-launched');
    expect(launched?.conflicting).toBe(true);
    expect(launched?.date.values.map((v) => v.date)).toEqual(['2022-11-11', '2022-11-13']);
    // Every cited source resolves.
    const cited = JSON.stringify(doc).match(/"sources":\[[^\]]*\]/g) ?? [];
    const ids = new Set(cited.flatMap((s) => JSON.parse(`{${s}}`).sources as string[]));
    expect(ids.size).toBeGreaterThan(5);
    for (const id of ids) expect(doc.sources[id]).toBeDefined();
    // The 90-day window from local today (Singapore).
    expect(doc.upcoming).toMatchObject({ from: '2026-11-30', to: '2027-02-27', days: 90, zone: 'Asia/Singapore' });
  });

  it('answers in Chinese by ?lang=zh or Accept-Language, the names from the data', async () => {
    const byQuery = (await (await app.get('/api/status.json?lang=zh')).json()) as StatusDoc;
    const byHeader = (await (
      await app.get('/api/status.json', { 'accept-language': 'zh-CN,zh;q=0.9' })
    ).json()) as StatusDoc;
    expect(valid(byQuery)).toBe('valid');
    expect(byQuery.lang).toBe('zh');
    expect(byHeader).toEqual(byQuery);
    expect(byQuery.parties.find((p) => p.code === 'VN')?.shortName).toBe('越南');
    expect(byQuery.entryIntoForce.text).toMatch(/[\u4e00-\u9fff]/);
    // An unknown ?lang is ignored, never an error.
    expect(((await (await app.get('/api/status.json?lang=xx')).json()) as StatusDoc).lang).toBe('en');
  });

  it('answers 304 to If-None-Match with its ETag, and a different ETag per language', async () => {
    const first = await app.get('/api/status.json');
    const etag = first.headers.get('etag') ?? '';
    const again = await app.get('/api/status.json', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await app.get('/api/status.json', { 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
    expect((await app.get('/api/status.json', { 'if-none-match': '"stale"' })).status).toBe(200);
    const zh = await app.get('/api/status.json?lang=zh');
    expect(zh.headers.get('etag')).not.toBe(etag);
  });
});

describe('after the data changes (reload)', () => {
  it('answers the new data at once, under a new ETag: nothing stale is served from the cache', async () => {
    const fx = copyData();
    const app = await startWebApp({ CAFTA_DATA_DIR: fx.dir });
    try {
      const before = await app.get('/api/status.json');
      const etag = before.headers.get('etag') ?? '';
      const page = await app.get('/');
      addFixtureEvents(fx.dir, [{ party: 'VN', kind: 'ratification', date: '2026-06-01' }]);
      expect(app.data.reload()).toMatchObject({ ok: true, changed: true });
      const after = await app.get('/api/status.json', { 'if-none-match': etag });
      expect(after.status).toBe(200);
      const doc = (await after.json()) as StatusDoc;
      expect(doc.parties.find((p) => p.code === 'VN')?.state).toBe('ratified');
      expect(doc.counts.ratified).toBe(1);
      const newPage = await app.get('/', { 'if-none-match': page.headers.get('etag') ?? '' });
      expect(newPage.status).toBe(200);
      expect(await newPage.text()).toMatch(/<g class="party" data-code="VN" data-state="ratified">/);
    } finally {
      await app.close();
      fx.remove();
    }
  });
});

describe('the status document', () => {
  it('follows recorded events: states, counts and the projection (FIXTURE events)', () => {
    const fx = copyData();
    try {
      fx.edit<{ rule: unknown }>('entry-into-force.json', (c) => {
        c.rule = { model: 'per-party', daysAfterNotification: 30 };
      });
      addFixtureEvents(fx.dir, [
        { party: 'VN', kind: 'ratification', date: '2026-06-01' },
        { party: 'VN', kind: 'notification', date: '2026-06-10' },
        { party: 'SG', kind: 'ratification', date: '2026-07-01' },
      ]);
      const data = loadData(fx.dir);
      const doc = buildStatusDoc(data, 'en', WEB_NOW, 'Asia/Singapore');
      expect(valid(doc)).toBe('valid');
      expect(doc.parties.find((p) => p.code === 'VN')?.state).toBe('notified');
      expect(doc.parties.find((p) => p.code === 'SG')?.state).toBe('ratified');
      expect(doc.counts).toMatchObject({ ratified: 2, notified: 1, inForce: 0 });
      expect(doc.entryIntoForce).toMatchObject({ rule: 'per-party', state: 'per-party' });
      expect(doc.entryIntoForce.parties?.find((p) => p.code === 'VN')?.date).toBe('2026-07-10');
      expect(doc.dataVersion).not.toBe(loadFixtureData().version);
    } finally {
      fx.remove();
    }
  });
});
