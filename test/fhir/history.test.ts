/** history (instance, type, system), `_since` as mCSD ITI-91 uses it, and paging pinned to its first page. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const put = (path: string, body: unknown) => fhir(app.url, 'PUT', path, body);
const get = (path: string) => fhir(app.url, 'GET', path);

/** Follows next links (keeping only their query, as some clients do) and returns every entry. */
async function pullAll(path: string, between?: () => Promise<void>) {
  const entries: any[] = [];
  let url: string | undefined = path;
  let pages = 0;
  while (url) {
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.body.type).toBe('history');
    expect(page.body.link.find((l: any) => l.relation === 'self')).toBeDefined();
    entries.push(...(page.body.entry ?? []));
    const next = page.body.link.find((l: any) => l.relation === 'next')?.url as string | undefined;
    url = next ? `${path.split('?')[0]}?${next.split('?')[1]}` : undefined;
    pages += 1;
    if (between) await between();
  }
  return { entries, pages };
}

describe('history', () => {
  let since: string;

  beforeAll(async () => {
    await put('/Location/h-country', jurisdiction('h-country', 'Country'));
    since = new Date(Date.now() - 1).toISOString();
    await put('/Location/h-region', jurisdiction('h-region', 'Region', 'h-country'));
    await put('/Location/h-fac', facility('h-fac', 'Clinic', 'h-region'));
    await put('/Location/h-fac', facility('h-fac', 'Clinic (renamed)', 'h-region'));
    await fhir(app.url, 'DELETE', '/Location/h-fac');
    await fhir(app.url, 'POST', '/Organization', { resourceType: 'Organization', name: 'Org' });
  });

  it('lists an instance\'s versions newest first, the deletion included', async () => {
    const history = await get('/Location/h-fac/_history');
    expect(history.body.entry.map((e: any) => e.response.etag)).toEqual(['W/"3"', 'W/"2"', 'W/"1"']);
    const [deletion, update, create] = history.body.entry;
    expect(deletion.resource).toBeUndefined();
    expect(deletion.request).toEqual({ method: 'DELETE', url: 'Location/h-fac' });
    expect(update.request).toEqual({ method: 'PUT', url: 'Location/h-fac' });
    expect(update.resource.name).toBe('Clinic (renamed)');
    expect(create.fullUrl).toBe(`${app.url}/fhir/Location/h-fac`);
  });

  it('gives creates, updates and deletes of a type since an instant (ITI-91)', async () => {
    const { entries } = await pullAll(`/Location/_history?_since=${encodeURIComponent(since)}`);
    expect(entries.map((e: any) => `${e.request.method} ${e.request.url}`)).toEqual([
      'DELETE Location/h-fac',
      'PUT Location/h-fac',
      'PUT Location/h-fac',
      'PUT Location/h-region',
    ]);
    expect(entries.every((e: any) => e.fullUrl.includes('/Location/'))).toBe(true);
  });

  it('covers every type at system level', async () => {
    const { entries } = await pullAll(`/_history?_since=${encodeURIComponent(since)}`);
    expect(entries.map((e: any) => e.request.url)).toEqual(['Organization', 'Location/h-fac', 'Location/h-fac', 'Location/h-fac', 'Location/h-region']);
  });

  it('accepts +hh:mm offsets, and a space where a client forgot to encode +', async () => {
    const instant = new Date(Date.parse(since) + 2 * 3600_000);
    const local = instant.toISOString().replace('Z', '').slice(0, 23);
    const plus = await get(`/Location/_history?_since=${encodeURIComponent(`${local}+02:00`)}`);
    const space = await get(`/Location/_history?_since=${local}+02:00`); // '+' arrives as a space
    expect(plus.body.entry).toHaveLength(4);
    expect(space.body.entry).toHaveLength(4);
  });

  it('answers a _since in the future with an empty bundle and no next link', async () => {
    const future = await get(`/Location/_history?_since=${new Date(Date.now() + 86400_000).toISOString()}&_count=1`);
    expect(future.status).toBe(200);
    expect(future.body.entry).toEqual([]);
    expect(future.body.link.map((l: any) => l.relation)).toEqual(['self']);
  });

  it('refuses a malformed _since with 400', async () => {
    const reply = await get('/Location/_history?_since=yesterday');
    expect(reply.status).toBe(400);
    expect(reply.body.resourceType).toBe('OperationOutcome');
  });

  it('answers 404 for the history of an unknown resource', async () => {
    expect((await get('/Location/never/_history')).status).toBe(404);
  });
});

describe('history paging while others write', () => {
  it('pages are pinned to the first page: nothing missed, nothing repeated', async () => {
    for (let i = 0; i < 25; i++) await put(`/Organization/p-${i}`, { resourceType: 'Organization', id: `p-${i}`, name: `Org ${i}` });
    let writes = 0;
    const { entries, pages } = await pullAll('/Organization/_history?_count=4', async () => {
      // Another client keeps writing while we page: new versions must not shift the pages.
      await put(`/Organization/p-${writes}`, { resourceType: 'Organization', id: `p-${writes}`, name: `Changed ${writes}` });
      writes += 1;
    });
    const keys = entries.map((e: any) => `${e.fullUrl}|${e.response.etag}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ours = entries.filter((e: any) => e.fullUrl.includes('/Organization/p-'));
    expect(ours).toHaveLength(25);
    expect(ours.every((e: any) => e.response.etag === 'W/"1"')).toBe(true);
    expect(pages).toBeGreaterThanOrEqual(7);
    const next = await get('/Organization/_history?_since=2000-01-01T00:00:00Z&_count=1000');
    expect(next.body.entry.length).toBe(entries.length + writes);
  });

  it('gives a _since instant in Bundle.meta.lastUpdated that the next pull can start from', async () => {
    const first = await get('/Organization/_history?_count=1000');
    const mark = first.body.meta.lastUpdated as string;
    await put('/Organization/after', { resourceType: 'Organization', id: 'after', name: 'After' });
    const delta = await get(`/Organization/_history?_since=${encodeURIComponent(mark)}`);
    expect(delta.body.entry.map((e: any) => e.request.url)).toContain('Organization/after');
  });
});

describe('history _at', () => {
  it('gives the versions current at an instant, not the ones superseded before it', async () => {
    await put('/Location/at-zone', jurisdiction('at-zone', 'First'));
    await put('/Location/at-zone', jurisdiction('at-zone', 'Second'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const at = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await put('/Location/at-zone', jurisdiction('at-zone', 'Third'));
    const history = await get(`/Location/at-zone/_history?_at=${encodeURIComponent(at)}`);
    expect(history.body.entry.map((e: any) => e.resource.name)).toEqual(['Second']);
  });
});

describe('history paging across many versions', () => {
  it('pages in sequence order when the entries of one instant cross from two-digit to three-digit sequence numbers', async () => {
    const entry = (i: number) => ({ resource: jurisdiction(`many-${i}`, `Many ${i}`), request: { method: 'PUT', url: `Location/many-${i}` } });
    const since = new Date(Date.now() - 1).toISOString();
    const written = await fhir(app.url, 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry: Array.from({ length: 120 }, (_, i) => entry(i)) });
    expect(written.status).toBe(200);
    const { entries } = await pullAll(`/Location/_history?_since=${encodeURIComponent(since)}&_count=40`);
    const ids = entries.map((e) => e.resource.id).filter((id: string) => id.startsWith('many-'));
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  });
});
