/**
 * The OpenHIM core API client against the API double: registration shape and Basic auth, heartbeat
 * answers, credentials and TLS failures reported clearly, local validation of the registration.
 */
import fs from 'node:fs';
import { MediatorConfigError, OpenHimClient, OpenHimError, type MediatorConfig } from '../../mediators/openhim/index.js';
import { makeCertificates, OpenHimDouble, ROOT_PASSWORD, ROOT_USER } from '../helpers/openhim-double.js';

const mediator: MediatorConfig = {
  urn: 'urn:mediator:test-mediator',
  version: '1.2.3',
  name: 'Test mediator',
  description: 'A mediator for the client tests',
  endpoints: [{ name: 'Test endpoint', host: 'lastmile', port: 8080, path: '/mediators/test', type: 'http', primary: true }],
  defaultChannelConfig: [
    { name: 'Test channel', urlPattern: '^/test(/.*)?$', type: 'http', allow: ['tester'], routes: [{ name: 'Test route', host: 'lastmile', port: 8080, primary: true }] },
  ],
  configDefs: [
    { param: 'greeting', displayName: 'Greeting', type: 'string' },
    { param: 'mode', type: 'option', values: ['fast', 'slow'] },
  ],
  config: { greeting: 'hello', mode: 'fast' },
};

describe('OpenHIM core API client', () => {
  const certificates = makeCertificates();
  let core: OpenHimDouble;
  let client: OpenHimClient;

  beforeAll(async () => {
    core = await OpenHimDouble.start({
      tls: { key: certificates.key, cert: certificates.cert },
      users: { [ROOT_USER]: { password: ROOT_PASSWORD, admin: true }, 'viewer@openhim.org': { password: 'viewer', admin: false } },
    });
    client = new OpenHimClient({ url: core.url, username: ROOT_USER, password: ROOT_PASSWORD, tls: { ca: certificates.ca } });
  });
  afterAll(async () => {
    await core.down();
    fs.rmSync(certificates.dir, { recursive: true, force: true });
  });

  it('registers with POST /mediators, Basic authentication and the documented shape', async () => {
    await client.registerMediator(mediator);
    const [call] = core.registrations(mediator.urn);
    expect(call.status).toBe(201);
    expect(call.user).toBe(ROOT_USER);
    expect(call.deprecatedAuth).toBe(false);
    expect(call.body).toEqual(mediator);
    expect(core.mediators.get(mediator.urn)?.doc.config).toEqual({ greeting: 'hello', mode: 'fast' });
  });

  it('registers again without error (core answers 201 for an unchanged version)', async () => {
    await expect(client.registerMediator(mediator)).resolves.toBeUndefined();
  });

  it('heartbeats: an empty answer while the config is unchanged, the config when forced or changed', async () => {
    await client.registerMediator(mediator);
    expect(await client.heartbeat(mediator.urn, 5, true)).toEqual({ greeting: 'hello', mode: 'fast' });
    expect(await client.heartbeat(mediator.urn, 15)).toBeUndefined();
    core.setConfig(mediator.urn, { greeting: 'bonjour', mode: 'slow' });
    expect(await client.heartbeat(mediator.urn, 25)).toEqual({ greeting: 'bonjour', mode: 'slow' });
    expect(await client.heartbeat(mediator.urn, 35)).toBeUndefined();
    const bodies = core.heartbeats(mediator.urn).map((call) => call.body);
    expect(bodies).toEqual([{ uptime: 5, config: true }, { uptime: 15 }, { uptime: 25 }, { uptime: 35 }]);
  });

  it('keeps the administrator\'s config when a newer version registers', async () => {
    await client.registerMediator({ ...mediator, version: '1.3.0', config: { greeting: 'hello', mode: 'fast' } });
    expect(core.mediators.get(mediator.urn)?.doc).toMatchObject({ version: '1.3.0', config: { greeting: 'bonjour', mode: 'slow' } });
  });

  it('reports a heartbeat for a mediator core does not know as unknown-mediator', async () => {
    await expect(client.heartbeat('urn:mediator:nobody', 1)).rejects.toMatchObject({ failure: 'unknown-mediator', status: 404 });
  });

  it('reports bad credentials clearly, naming the variables to check', async () => {
    const wrong = new OpenHimClient({ url: core.url, username: ROOT_USER, password: 'wrong', tls: { ca: certificates.ca } });
    const error = await wrong.registerMediator(mediator).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenHimError);
    expect(error).toMatchObject({ failure: 'unauthorized', status: 401 });
    expect((error as Error).message).toContain(`refused the credentials of "${ROOT_USER}"`);
    expect((error as Error).message).toContain('OPENHIM_USERNAME and OPENHIM_PASSWORD');
  });

  it('reports a user without the right to manage mediators as forbidden', async () => {
    const viewer = new OpenHimClient({ url: core.url, username: 'viewer@openhim.org', password: 'viewer', tls: { ca: certificates.ca } });
    await expect(viewer.registerMediator(mediator)).rejects.toMatchObject({ failure: 'forbidden', status: 403 });
  });

  it('refuses an invalid registration locally, before anything is sent', async () => {
    const before = core.calls.length;
    const invalid = { ...mediator, version: '1.0', endpoints: [], config: { greeting: 3, unknown: true } } as unknown as MediatorConfig;
    const error = (await client.registerMediator(invalid).catch((e: unknown) => e)) as MediatorConfigError;
    expect(error).toBeInstanceOf(MediatorConfigError);
    expect(error.problems).toEqual(expect.arrayContaining(['/version must be a semantic version x.y.z', '/endpoints must NOT have fewer than 1 items']));
    const semantic = (await client.registerMediator({ ...mediator, config: { greeting: 3, unknown: true } }).catch((e: unknown) => e)) as MediatorConfigError;
    expect(semantic.problems).toEqual(['config.greeting must be a string', 'config.unknown has no configDef']);
    expect(core.calls.length).toBe(before);
  });

  it('does not trust a self-signed certificate without the CA, and says which variable fixes it', async () => {
    const untrusting = new OpenHimClient({ url: core.url, username: ROOT_USER, password: ROOT_PASSWORD });
    const error = (await untrusting.registerMediator(mediator).catch((e: unknown) => e)) as OpenHimError;
    expect(error.failure).toBe('tls');
    expect(error.message).toContain('OPENHIM_CA_FILE');
  });

  it('accepts any certificate only when told to (OPENHIM_TLS_INSECURE)', async () => {
    const insecure = new OpenHimClient({ url: core.url, username: ROOT_USER, password: ROOT_PASSWORD, tls: { insecure: true } });
    await expect(insecure.registerMediator(mediator)).resolves.toBeUndefined();
  });

  it('reports core being down as unreachable', async () => {
    const nowhere = new OpenHimClient({ url: 'http://127.0.0.1:9', username: ROOT_USER, password: ROOT_PASSWORD });
    await expect(nowhere.registerMediator(mediator)).rejects.toMatchObject({ failure: 'unreachable' });
  });

  it('installs the default channels as the console does', async () => {
    await client.installChannels(mediator.urn, ['Test channel']);
    expect(core.channels.map((channel) => channel.name)).toEqual(['Test channel']);
  });
});
