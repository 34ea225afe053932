/**
 * Registration and heartbeats over time against the API double: the interval, config changes made
 * in the console, core down then up, core losing the mediator, bad credentials, stop, standalone.
 */
import type { OpenHimConfig } from '../../api/config.js';
import { connectMediator, createRegistrar, OpenHimClient, type MediatorConfig, type MediatorLink } from '../../mediators/openhim/index.js';
import { captureLogger, OpenHimDouble, ROOT_PASSWORD, ROOT_USER } from '../helpers/openhim-double.js';

const mediator: MediatorConfig = {
  urn: 'urn:mediator:heartbeat-test',
  version: '0.1.0',
  name: 'Heartbeat test mediator',
  endpoints: [{ name: 'Endpoint', host: '127.0.0.1', port: 8080, type: 'http' }],
  configDefs: [{ param: 'colour', type: 'option', values: ['red', 'green', 'blue'] }],
  config: { colour: 'red' },
};
const INTERVAL = 100;
const timing = { heartbeatIntervalMs: INTERVAL, initialRetryMs: 40, maxRetryMs: 160 };

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('registration and heartbeats', () => {
  let core: OpenHimDouble;
  let link: MediatorLink | undefined;
  const clientFor = (password = ROOT_PASSWORD) => new OpenHimClient({ url: core.url, username: ROOT_USER, password });

  beforeEach(async () => {
    core = await OpenHimDouble.start();
  });
  afterEach(async () => {
    await link?.stop();
    link = undefined;
    await core.down();
  });

  it('registers, then heartbeats on the interval, asking for the config first', async () => {
    const configs: unknown[] = [];
    link = connectMediator(clientFor(), { mediator, onConfig: (config) => configs.push(config) }, timing, captureLogger().logger);
    await waitFor(() => core.heartbeats().length >= 5);
    const beats = core.heartbeats();
    expect(core.registrations()).toHaveLength(1);
    expect(beats[0].body).toEqual({ uptime: 0, config: true });
    expect(beats.slice(1).every((beat) => (beat.body as { config?: boolean }).config === undefined)).toBe(true);
    const gaps = beats.slice(1).map((beat, i) => beat.at - beats[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL - 15);
    expect(Math.max(...gaps)).toBeLessThan(INTERVAL * 6); // interval + the call itself, with room for a loaded machine
    expect(configs).toEqual([{ colour: 'red' }]);
    expect(link.status()).toMatchObject({ state: 'registered', heartbeats: expect.any(Number), lastError: undefined });
  });

  it('hands the mediator the config an administrator changes in the console', async () => {
    const configs: unknown[] = [];
    link = connectMediator(clientFor(), { mediator, onConfig: (config) => configs.push(config) }, timing, captureLogger().logger);
    await waitFor(() => configs.length === 1);
    core.setConfig(mediator.urn, { colour: 'blue' });
    await waitFor(() => configs.length === 2);
    expect(configs[1]).toEqual({ colour: 'blue' });
    await sleep(INTERVAL * 3);
    expect(configs).toHaveLength(2); // only when it changed
  });

  it('retries with backoff while core is down, logs the outage once, and registers when core is back', async () => {
    const { logger, lines } = captureLogger();
    await core.down();
    link = connectMediator(clientFor(), { mediator, onConfig: () => undefined }, timing, logger);
    await sleep(600);
    expect(core.registrations()).toHaveLength(0);
    expect(link.status()).toMatchObject({ state: 'registering', lastError: expect.stringContaining('unreachable') });
    expect(lines().filter((line) => /unreachable/.test(line.msg))).toHaveLength(1);
    await core.up();
    await waitFor(() => core.heartbeats().length >= 2);
    expect(core.registrations()).toHaveLength(1);
    expect(link.status().state).toBe('registered');
    expect(lines().some((line) => line.msg === 'OpenHIM: core answers again')).toBe(true);
  });

  it('keeps heartbeating through an outage of core and carries on without registering again', async () => {
    link = connectMediator(clientFor(), { mediator, onConfig: () => undefined }, timing, captureLogger().logger);
    await waitFor(() => core.heartbeats().length >= 1);
    await core.down();
    await sleep(INTERVAL * 3);
    expect(link.status().lastError).toContain('unreachable');
    await core.up();
    const before = core.heartbeats().length;
    await waitFor(() => core.heartbeats().length >= before + 2);
    expect(core.registrations()).toHaveLength(1);
    expect(link.status().lastError).toBeUndefined();
  });

  it('registers again when core has lost the mediator (a heartbeat answers 404)', async () => {
    const configs: unknown[] = [];
    link = connectMediator(clientFor(), { mediator, onConfig: (config) => configs.push(config) }, timing, captureLogger().logger);
    await waitFor(() => core.heartbeats().length >= 1);
    core.mediators.clear();
    await waitFor(() => core.registrations().length === 2 && core.mediators.has(mediator.urn));
    await waitFor(() => configs.length === 2); // the config is fetched again after registering
    expect(core.heartbeats().some((beat) => beat.status === 404)).toBe(true);
  });

  it('reports bad credentials once, clearly, and keeps trying in case they are fixed in core', async () => {
    const { logger, lines } = captureLogger();
    link = connectMediator(clientFor('wrong password'), { mediator, onConfig: () => undefined }, timing, logger);
    await waitFor(() => core.calls.filter((call) => call.status === 401).length >= 3);
    const errors = lines().filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0].msg).toContain('refused the credentials of "root@openhim.org" (401): check OPENHIM_USERNAME and OPENHIM_PASSWORD');
    expect(errors[0]).toMatchObject({ mediator: mediator.urn, failure: 'unauthorized' });
    expect(link.status()).toMatchObject({ state: 'registering', lastError: expect.stringContaining('401') });
  });

  it('gives up on a registration document that cannot be valid', async () => {
    const { logger, lines } = captureLogger();
    const broken = { ...mediator, version: 'one' };
    link = connectMediator(clientFor(), { mediator: broken, onConfig: () => undefined }, timing, logger);
    await waitFor(() => link!.status().state === 'failed');
    expect(core.calls).toHaveLength(0);
    expect(lines().some((line) => line.level === 50 && /semantic version/.test(line.msg))).toBe(true);
  });

  it('stops cleanly: no heartbeat after stop, even when stopped while waiting to retry', async () => {
    link = connectMediator(clientFor(), { mediator, onConfig: () => undefined }, timing, captureLogger().logger);
    await waitFor(() => core.heartbeats().length >= 2);
    await link.stop();
    expect(link.status().state).toBe('stopped');
    const count = core.heartbeats().length;
    await sleep(INTERVAL * 3);
    expect(core.heartbeats()).toHaveLength(count);

    await core.down();
    const waiting = connectMediator(clientFor(), { mediator, onConfig: () => undefined }, { ...timing, initialRetryMs: 60_000, maxRetryMs: 60_000 }, captureLogger().logger);
    await sleep(50);
    const started = Date.now();
    await waiting.stop();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('the registrar', () => {
  const openhim = (overrides: Partial<OpenHimConfig> = {}): OpenHimConfig => ({
    url: 'http://127.0.0.1:9',
    username: ROOT_USER,
    password: ROOT_PASSWORD,
    tlsInsecure: false,
    heartbeatIntervalMs: 10_000,
    supplierRoles: ['mcsd-client'],
    ...overrides,
  });

  it('runs mediators standalone without OpenHIM: default config, no registration, logged once', async () => {
    const { logger, messages } = captureLogger();
    const registrar = createRegistrar(undefined, logger);
    const configs: unknown[] = [];
    const first = registrar.attach({ mediator, onConfig: (config) => configs.push(config) });
    const second = registrar.attach({ mediator: { ...mediator, urn: 'urn:mediator:other' }, onConfig: () => undefined });
    expect(registrar.standalone).toBe(true);
    expect(configs).toEqual([{ colour: 'red' }]);
    expect(first.status()).toMatchObject({ state: 'standalone', urn: mediator.urn });
    expect(messages().filter((message) => message.includes('standalone'))).toHaveLength(1);
    await first.stop();
    await second.stop();
    expect(first.status().state).toBe('stopped');
  });

  it('warns loudly when TLS verification is switched off', async () => {
    const { logger, lines } = captureLogger();
    const registrar = createRegistrar(openhim({ tlsInsecure: true }), logger);
    expect(registrar.standalone).toBe(false);
    const warning = lines().find((line) => line.level === 40);
    expect(warning?.msg).toContain('OPENHIM_TLS_INSECURE=true');
    expect(warning?.msg).toContain('NOT verified');
  });
});
