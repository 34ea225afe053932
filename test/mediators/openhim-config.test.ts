/** The OPENHIM_* environment variables: parsed, defaulted, and refused with the variable named. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../api/config.js';

const base = { OPENHIM_URL: 'https://openhim-core:8080/', OPENHIM_USERNAME: 'root@openhim.org', OPENHIM_PASSWORD: 'secret' };

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('OpenHIM configuration', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhim-config-'));
  const caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is absent without OPENHIM_URL: mediators run standalone', () => {
    expect(loadConfig({}).openhim).toBeUndefined();
  });

  it('has defaults for everything but the core URL and credentials', () => {
    expect(loadConfig(base).openhim).toEqual({
      url: 'https://openhim-core:8080',
      username: 'root@openhim.org',
      password: 'secret',
      ca: undefined,
      tlsInsecure: false,
      heartbeatIntervalMs: 10000,
      mediatorUrl: undefined,
      supplierRoles: ['mcsd-client'],
    });
  });

  it('reads every variable', () => {
    const openhim = loadConfig({
      ...base,
      OPENHIM_CA_FILE: caFile,
      OPENHIM_TLS_INSECURE: 'true',
      OPENHIM_HEARTBEAT_INTERVAL_MS: '5000',
      OPENHIM_MEDIATOR_URL: 'http://lastmile:8080/',
      OPENHIM_SUPPLIER_ROLES: 'mcsd-client, dhis2,gofr',
    }).openhim;
    expect(openhim).toMatchObject({ tlsInsecure: true, heartbeatIntervalMs: 5000, mediatorUrl: 'http://lastmile:8080', supplierRoles: ['mcsd-client', 'dhis2', 'gofr'] });
    expect(openhim?.ca).toContain('BEGIN CERTIFICATE');
  });

  it.each([
    [{ ...base, OPENHIM_URL: 'openhim-core:8080' }, 'OPENHIM_URL'],
    [{ OPENHIM_URL: base.OPENHIM_URL, OPENHIM_PASSWORD: 'secret' }, 'OPENHIM_USERNAME'],
    [{ OPENHIM_URL: base.OPENHIM_URL, OPENHIM_USERNAME: 'root@openhim.org' }, 'OPENHIM_PASSWORD'],
    [{ ...base, OPENHIM_CA_FILE: '/nonexistent/ca.pem' }, 'OPENHIM_CA_FILE'],
    [{ ...base, OPENHIM_TLS_INSECURE: 'maybe' }, 'OPENHIM_TLS_INSECURE'],
    [{ ...base, OPENHIM_HEARTBEAT_INTERVAL_MS: '60000' }, 'OPENHIM_HEARTBEAT_INTERVAL_MS'],
    [{ ...base, OPENHIM_MEDIATOR_URL: 'ftp://lastmile' }, 'OPENHIM_MEDIATOR_URL'],
    [{ ...base, OPENHIM_SUPPLIER_ROLES: 'a b' }, 'OPENHIM_SUPPLIER_ROLES'],
  ])('refuses a bad value, naming the variable (%#)', (env, variable) => {
    expect(configError(env as Record<string, string>).variable).toBe(variable);
  });

  it('refuses a CA file that holds no certificate', () => {
    const notPem = path.join(dir, 'not.pem');
    fs.writeFileSync(notPem, 'hello');
    expect(configError({ ...base, OPENHIM_CA_FILE: notPem }).message).toContain('holds no PEM certificate');
  });
});
