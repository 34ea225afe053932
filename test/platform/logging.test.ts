/** Access logs: one JSON line per request with its id, and never a credential or a query string. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig } from '../../api/config.js';
import { startPlatform, type Platform } from '../../api/platform.js';
import { createTestDatabase } from '../helpers/database.js';
import { createOAuthClient } from '../../api/auth/index.js';

const lines: Array<Record<string, any>> = [];
let platform: Platform;
let token: string;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LASTMILE_DEMO: 'false', DATABASE_URL: await createTestDatabase() });
  platform = await startPlatform(config, pino({ level: 'info' }, sink));
  await createOAuthClient(platform.dataSource, { clientId: 'log-test', secret: 's3cr3t-client', grantTypes: ['client_credentials'], allowedScopes: ['system/*.read'] });
  const issued = await fetch(`${platform.url}/api/oauth/token?grant_type=client_credentials`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from('log-test:s3cr3t-client').toString('base64')}` } });
  token = ((await issued.json()) as { access_token: string }).access_token;
  lines.length = 0;
});
afterAll(() => platform.stop());

describe('access log', () => {
  it('logs each request once with its id, path and status, and no secret', async () => {
    await fetch(`${platform.url}/api/programs?token=s3cr3t-query`, { headers: { Authorization: `Bearer ${token}`, Cookie: 'session=s3cr3t-cookie', 'X-Request-Id': 'log-test-1' } });
    await fetch(`${platform.url}/health`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const access = lines.filter((line) => line.msg === 'request completed');
    expect(access).toHaveLength(1); // health probes stay out of the log
    expect(access[0]).toMatchObject({ reqId: 'log-test-1', req: { method: 'GET', url: '/api/programs' }, res: { statusCode: 200 }, level: 30 });
    expect(typeof access[0].responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toMatch(/s3cr3t/);
    expect(JSON.stringify(lines)).not.toContain(token);
  });
});
