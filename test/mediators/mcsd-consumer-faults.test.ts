/**
 * The mCSD consumer when things go wrong: a supplier that fails and recovers (500, 429 with
 * Retry-After, dropped connections), one without `_history`, malformed entries and pages,
 * references that never resolve, pulls killed half-way and resumed, and two runs at once.
 * Each case gets a fresh consumer Lastmile; the registry is another Lastmile behind a proxy.
 */
import { apiCall } from '../helpers/api.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';
import { RunAbandoned, SourceBusy, type SyncService } from '../../mediators/mcsd-consumer/index.js';
import { createSource, expectInStep, issuesOf, load, registryTree, runsOf, startProxy, syncService, type FaultyProxy } from './mcsd-consumer-helpers.js';

let registry: TestApp;
let proxy: FaultyProxy;
let consumer: TestApp;
let sync: SyncService;

beforeAll(async () => {
  registry = await startTestApp();
  await load(registry, registryTree());
  proxy = await startProxy(registry);
}, 60_000);
afterAll(async () => {
  await proxy.close();
  await registry.stop();
});

beforeEach(async () => {
  consumer = await startTestApp();
  sync = syncService(consumer);
  proxy.fault = undefined;
  proxy.transform = undefined;
  proxy.requests.length = 0;
});
afterEach(async () => {
  await sync.stop();
  await consumer.stop();
});

const newSource = (extra: Record<string, unknown> = {}) => createSource(consumer, { name: 'mfl', baseUrl: `${proxy.url}/fhir`, pageSize: 5, ...extra });
const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: 'try later' }] };

describe('a flaky supplier', () => {
  it('retries 500s, a dropped connection and a 429 (honouring Retry-After), then pulls everything', async () => {
    const source = await newSource();
    proxy.fault = (path, n) => {
      if (n <= 2) return { status: 500, body: outcome };
      if (n === 3) return 'drop';
      if (n === 6 && path.includes('_history')) return { status: 429, body: outcome, headers: { 'retry-after': '1' } };
      return undefined;
    };
    const started = Date.now();
    const run = await sync.run(source.id, { trigger: 'api' });
    expect(run).toMatchObject({ status: 'succeeded', created: 48, conflicts: 0, errors: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(proxy.requests[0]).toBe(proxy.requests[3]); // the same first page, asked four times
    await expectInStep(registry, consumer);
  });

  it('fails the run when the supplier keeps failing, and the next run resumes from where it stopped', async () => {
    const source = await newSource();
    proxy.fault = (path) => (path.startsWith('/fhir/Organization') ? { status: 503, body: outcome } : undefined);
    const failed = await sync.run(source.id, { trigger: 'api' });
    expect(failed.status).toBe('failed');
    expect(failed.errors[0]).toMatch(/HTTP 503/);
    expect(failed.checkpoints).toBeNull();
    proxy.fault = undefined;
    proxy.requests.length = 0;
    const resumed = await sync.run(source.id, { trigger: 'api' });
    expect(resumed).toMatchObject({ status: 'succeeded', resumed: true });
    expect(proxy.requests.some((r) => r.startsWith('GET /fhir/Location'))).toBe(false); // Locations were already fetched
    await expectInStep(registry, consumer);
  });
});

describe('a supplier without _history', () => {
  it('pulls by _lastUpdated search instead, first fully then incrementally', async () => {
    const source = await newSource();
    proxy.fault = (path) => (path.includes('/_history') ? { status: 404, body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] } } : undefined);
    const first = await sync.run(source.id, { trigger: 'api' });
    expect(first).toMatchObject({ status: 'succeeded', created: 48 });
    expect(first.errors.join(' ')).toMatch(/_lastUpdated search instead/);
    await expectInStep(registry, consumer);

    await fhir(registry.url, 'PUT', '/Location/t-f2x0', facility('t-f2x0', 'Renamed while searched', 't-r0d1s0'));
    proxy.requests.length = 0;
    const second = await sync.run(source.id, { trigger: 'api' });
    expect(second).toMatchObject({ status: 'succeeded', updated: 1, created: 0 });
    expect(proxy.requests).toContainEqual(expect.stringMatching(/^GET \/fhir\/Location\?_count=5&_lastUpdated=ge\d{4}-/));
    await expectInStep(registry, consumer);
  });
});

describe('malformed input', () => {
  it('skips malformed entries and invalid resources with their reasons, parks what cannot be placed, and applies the rest', async () => {
    const source = await newSource();
    let injected = false;
    proxy.transform = (path, body) => {
      if (injected || !path.startsWith('/fhir/Location/_history')) return body;
      injected = true;
      body.entry.push(
        'not an entry',
        {},
        { request: { method: 'PUT', url: 'Location/zz' } },
        { resource: { resourceType: 'Patient', id: 'p1' } },
        { resource: { resourceType: 'Location', id: 'bad-status', name: 'Bad', status: 'nonsense' } },
        { resource: { resourceType: 'Location', id: 'orphan', name: 'Orphan', status: 'active', partOf: { reference: 'Location/ghost' } } },
        { resource: { resourceType: 'Location', id: 'cyc-a', name: 'A', status: 'active', partOf: { reference: 'Location/cyc-b' } } },
        { resource: { resourceType: 'Location', id: 'cyc-b', name: 'B', status: 'active', partOf: { reference: 'Location/cyc-a' } } },
      );
      return body;
    };
    const run = await sync.run(source.id, { trigger: 'api' });
    expect(run).toMatchObject({ status: 'succeeded', created: 48, skipped: 5, conflicts: 3 });
    const issues = await issuesOf(consumer, run.id);
    const reasons = issues.map((i) => `${i.kind} ${i.remoteId ?? '-'}: ${i.reason}`);
    expect(reasons).toEqual(expect.arrayContaining([
      expect.stringMatching(/^skipped -: entry \d+: the entry is not an object/),
      expect.stringMatching(/^skipped -: entry \d+: the entry has neither a resource nor a request/),
      expect.stringMatching(/^skipped zz: entry \d+: an entry without a resource must be a DELETE, not PUT/),
      expect.stringMatching(/^skipped -: entry \d+: a Patient in the Location feed/),
      expect.stringMatching(/^skipped bad-status: invalid Location: .*status/),
      expect.stringMatching(/^conflict orphan: its parent Location\/ghost is not here/),
      expect.stringMatching(/^conflict cyc-a: its partOf chain in the registry loops/),
      expect.stringMatching(/^conflict cyc-b: its partOf chain in the registry loops/),
    ]));
    await expectInStep(registry, consumer);
    const parked = await apiCall(consumer.url, 'GET', `/registrySync/sources/${source.id}/conflicts`);
    expect(parked.body.content.map((c: any) => c.remoteId).sort()).toEqual(['cyc-a', 'cyc-b', 'orphan']);
  });

  it('applies a parked entry once its parent arrives in a later pull', async () => {
    const source = await newSource({ resourceTypes: ['Location', 'Organization'] });
    proxy.transform = (path, body) => {
      if (path.startsWith('/fhir/Location/_history') && !path.includes('_cursor') && !path.includes('_since')) {
        body.entry.push({ resource: { resourceType: 'Location', id: 'late-child', name: 'Late child', status: 'active', partOf: { reference: 'Location/late-parent' } } });
      }
      return body;
    };
    const first = await sync.run(source.id, { trigger: 'api' });
    expect(first.conflicts).toBe(1);
    await fhir(registry.url, 'PUT', '/Location/late-parent', jurisdiction('late-parent', 'Late parent'));
    const second = await sync.run(source.id, { trigger: 'api' });
    expect(second).toMatchObject({ conflicts: 0, created: 2 });
    expect((await fhir(consumer.url, 'GET', '/Location/late-child')).body.partOf.reference).toBe('Location/late-parent');
    await fhir(registry.url, 'DELETE', '/Location/late-parent');
  });

  it('cuts a feed short at a page that is no Bundle: the other feeds apply, that feed keeps its checkpoint', async () => {
    const source = await newSource();
    proxy.fault = (path) => (path.startsWith('/fhir/HealthcareService/_history') ? { status: 200, body: { resourceType: 'OperationOutcome', issue: [] } } : undefined);
    const run = await sync.run(source.id, { trigger: 'api' });
    expect(run).toMatchObject({ status: 'partial', created: 32 });
    expect(run.errors.join(' ')).toMatch(/HealthcareService page 1: the page is not a FHIR Bundle/);
    expect(Object.keys(run.checkpoints!).sort()).toEqual(['Location', 'Organization']);
    await expectInStep(registry, consumer, ['Location', 'Organization']);
  });
});

describe('a pull killed half-way', () => {
  const killedAt = (where: 'afterPage' | 'afterBatch', n: number) => ({
    trigger: 'api' as const,
    hooks: { [where]: (count: number) => { if (count === n) throw new RunAbandoned(`killed at ${where} ${n}`); } },
  });

  it.each([
    ['afterPage', 1], ['afterPage', 4], ['afterPage', 9], ['afterBatch', 1], ['afterBatch', 3], ['afterBatch', 7],
  ] as const)('resumes after a kill %s %i and ends in the same state, without duplicates', async (where, n) => {
    const source = await newSource();
    await expect(sync.run(source.id, killedAt(where, n))).rejects.toThrow(RunAbandoned);
    const resumed = await sync.run(source.id, { trigger: 'api' });
    expect(resumed).toMatchObject({ status: 'succeeded', resumed: true, conflicts: 0 });
    const runs = await runsOf(consumer, source.id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted']);
    expect(runs[0].created + runs[1].created).toBe(48);
    await expectInStep(registry, consumer);
    const again = await sync.run(source.id, { trigger: 'api' });
    expect(again).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  });
});

describe('two runs of one source', () => {
  it('never overlap: the second is refused at once, here, on another service, or on another app instance', async () => {
    const source = await newSource();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = await sync.start(source.id, { trigger: 'api', hooks: { afterPage: () => held } });
    await expect(sync.run(source.id, { trigger: 'api' })).rejects.toThrow(SourceBusy);
    const otherService = syncService(consumer);
    await expect(otherService.run(source.id, { trigger: 'schedule' })).rejects.toThrow(SourceBusy);
    const otherInstance = await startTestApp({ DATABASE_URL: consumer.databaseUrl });
    try {
      const refused = await apiCall(otherInstance.url, 'POST', `/registrySync/sources/${source.id}/run`);
      expect(refused.status).toBe(409);
      expect(refused.body.messageKey).toBe('registrySync.error.run.alreadyRunning');
      expect((await apiCall(otherInstance.url, 'DELETE', `/registrySync/sources/${source.id}`)).status).toBe(409);
    } finally {
      release();
      await first.done;
      await otherInstance.stop();
    }
    expect((await first.done).status).toBe('succeeded');
    expect((await runsOf(consumer, source.id)).map((r) => r.status)).toEqual(['succeeded']);
  });
});
