import { startTestApp, type TestApp } from '../helpers/app.js';

describe('HTTP platform: health, metrics, errors, UI', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('answers liveness', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness with the database and migration checks', async () => {
    const response = await fetch(`${app.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { database: { status: 'up' }, migrations: { status: 'up' }, shutdown: { status: 'up' } },
    });
  });

  it('reports not ready while a migration is pending', async () => {
    await app.platform.dataSource.query(`DELETE FROM migrations WHERE name = 'CreateInstallation1763770000000'`);
    try {
      const response = await fetch(`${app.url}/health/ready`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as Record<string, any>;
      expect(body.checks.migrations).toEqual({ status: 'down', detail: '1 pending' });
    } finally {
      await app.platform.dataSource.query(
        `INSERT INTO migrations (timestamp, name) VALUES (1763770000000, 'CreateInstallation1763770000000')`,
      );
    }
  });

  it('exposes Prometheus metrics per route pattern and for the pool', async () => {
    await fetch(`${app.url}/health`);
    await fetch(`${app.url}/api/nothing/here`);
    const response = await fetch(`${app.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/health",status="200"\} [1-9]/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/api",status="404"\} [1-9]/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health",status="200"\}/m);
    expect(text).toMatch(/^db_pool_connections_total [1-9]/m);
    expect(text).toMatch(/^db_pool_requests_waiting 0/m);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(text).not.toContain('/api/nothing/here');
  });

  it('gives each request an id, or keeps the one the caller sent', async () => {
    const fresh = await fetch(`${app.url}/health`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = await fetch(`${app.url}/health`, { headers: { 'X-Request-Id': 'mediator-42' } });
    expect(given.headers.get('x-request-id')).toBe('mediator-42');
    const hostile = await fetch(`${app.url}/health`, { headers: { 'X-Request-Id': 'a b<script>' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API paths with a JSON 404 carrying a message key', async () => {
    const response = await fetch(`${app.url}/api/unknown`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({ messageKey: 'lastmile.error.notFound', message: 'No resource at GET /api/unknown' });
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const response = await fetch(`${app.url}/api/programs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"code": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ messageKey: 'lastmile.error.malformedJson' });
  });

  it('serves the UI at / and its client routes, without shadowing the API', async () => {
    const home = await fetch(`${app.url}/`, { headers: { Accept: 'text/html' } });
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('<div id="root"></div>');
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${app.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const clientRoute = await fetch(`${app.url}/requisitions/initiate`, { headers: { Accept: 'text/html' } });
    expect(clientRoute.status).toBe(200);
    expect(await clientRoute.text()).toBe(html);

    const missingAsset = await fetch(`${app.url}/assets/nope.js`);
    expect(missingAsset.status).toBe(404);
    const api = await fetch(`${app.url}/api/unknown`, { headers: { Accept: 'text/html' } });
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('metrics behind a token', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ METRICS_TOKEN: 'scrape-me' });
  });
  afterAll(() => app.stop());

  it('refuses a scrape without the token and accepts it with', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${app.url}/metrics`, { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ messageKey: 'lastmile.error.unauthorized' });
    const right = await fetch(`${app.url}/metrics`, { headers: { Authorization: 'Bearer scrape-me' } });
    expect(right.status).toBe(200);
  });
});
