import path from 'node:path';
import { ConfigError, loadConfig, redactUrl } from '../../api/config.js';
import { packageRoot } from '../../api/paths.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.join(packageRoot, '.data'));
    expect(config.logLevel).toBe('info');
    expect(config.metricsToken).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u:p@db:5432/lmis',
      LASTMILE_DATA_DIR: '/var/lib/lastmile',
      LASTMILE_DB_PORT: '5544',
      DB_POOL_MAX: '20',
      LOG_LEVEL: 'debug',
      SHUTDOWN_TIMEOUT_MS: '2000',
      METRICS_TOKEN: 's3cret',
      PUBLIC_URL: 'https://lmis.example.org/',
      LASTMILE_DEMO: 'false',
    });
    expect(config).toEqual({
      port: 9000,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u:p@db:5432/lmis',
      dataDir: '/var/lib/lastmile',
      embeddedDbPort: 5544,
      dbPoolMax: 20,
      logLevel: 'debug',
      shutdownTimeoutMs: 2000,
      metricsToken: 's3cret',
      publicUrl: 'https://lmis.example.org',
      demo: false,
      production: false,
      auth: expect.objectContaining({ passwordGrant: true, accessTokenTtl: 900 }),
      openhim: undefined,
      mcsdSources: [],
      mcsdScheduler: true,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DB_POOL_MAX', '0'],
    ['LOG_LEVEL', 'loud'],
    ['LASTMILE_DEMO', 'maybe'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://u:p@h/db'],
    ['DATABASE_URL', 'postgres://u:p@h'],
    ['PUBLIC_URL', 'ftp://x'],
    ['SHUTDOWN_TIMEOUT_MS', '1.5'],
  ])('refuses %s=%s with a message naming the variable', (variable, value) => {
    const attempt = () => loadConfig({ [variable]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable}: `));
  });

  it('never shows a database password in messages', () => {
    expect(redactUrl('postgres://lmis:hunter2@db:5432/lmis')).toBe('postgres://lmis:***@db:5432/lmis');
  });
});
