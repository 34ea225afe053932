/**
 * The mCSD update consumer against a second, independently started Lastmile acting as the
 * national registry: a first full pull, incremental pulls after creates, updates, moves and
 * deletes upstream, ownership afterwards, and linking to records Lastmile already had.
 */
import { apiCall, apiCreate } from '../helpers/api.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';
import type { SyncService } from '../../mediators/mcsd-consumer/index.js';
import { createOAuthClient } from '../../api/auth/index.js';
import { bearer, createSource, expectInStep, load, registryTree, runsOf, syncService } from './mcsd-consumer-helpers.js';

let registry: TestApp;
let consumer: TestApp;
let sync: SyncService;
let source: any;

/** The consumer reaches the registry (a Lastmile) as any supplier's client: OAuth client credentials. */
const REGISTRY_AUTH = { type: 'oauth2', clientId: 'national-mfl-sync', clientSecretEnv: 'MFL_CLIENT_SECRET' };

beforeAll(async () => {
  // The registry gets no test token by default: the consumer must authenticate itself.
  [registry, consumer] = await Promise.all([startTestApp({}, { authenticate: false }), startTestApp()]);
  await createOAuthClient(registry.platform.dataSource, { clientId: REGISTRY_AUTH.clientId, secret: 'mfl-s3cret', grantTypes: ['client_credentials'], allowedScopes: ['system/*.read'] });
  sync = syncService(consumer, { env: { MFL_CLIENT_SECRET: 'mfl-s3cret' } });
  await load(registry, registryTree());
  source = await createSource(consumer, { name: 'national-mfl', baseUrl: `${registry.url}/fhir`, pageSize: 7, auth: { ...REGISTRY_AUTH, tokenUrl: `${registry.url}/api/oauth/token` } });
}, 60_000);
afterAll(async () => {
  await sync.stop();
  await Promise.all([registry.stop(), consumer.stop()]);
});

const run = () => sync.run(source.id, { trigger: 'api' });

describe('first full pull', () => {
  let first: any;
  beforeAll(async () => {
    first = await run();
  });

  it('brings the whole tree, its organization and services, parents before children', async () => {
    expect(first.errors).toEqual([]);
    expect(first.status).toBe('succeeded');
    // 1 org + 15 zones + 16 facilities + 16 services, over pages of 7
    expect(first.created).toBe(48);
    expect(first.conflicts).toBe(0);
    expect(first.pages).toBeGreaterThan(48 / 7);
    await expectInStep(registry, consumer);
  });

  it('makes the registry the owner, and the directory knows the places (both mCSD type code systems)', async () => {
    const facilities = await apiCall(consumer.url, 'GET', '/facilities?code=T-F3X1');
    expect(facilities.body.content).toHaveLength(1);
    const dir = await consumer.platform.fhir.directory.get('t-f3x1');
    expect(dir).toMatchObject({ owner: 'national-mfl', kind: 'facility', code: 'T-F3X1' });
    expect(dir!.path).toEqual(['t-country', 't-r0', 't-r0d1', 't-r0d1s1', 't-f3x1']);
    const read = await fhir(consumer.url, 'GET', '/Location/t-f3x1');
    expect(read.body.meta.source).toBe(`${registry.url}/fhir/Location/t-f3x1`);
  });

  it('records the run with its checkpoints', async () => {
    const runs = await runsOf(consumer, source.id);
    expect(runs[0]).toMatchObject({ id: first.id, status: 'succeeded', created: 48, trigger: 'api', finishedAt: expect.any(String) });
    expect(Object.keys(runs[0].checkpoints).sort()).toEqual(['HealthcareService', 'Location', 'Organization']);
    const view = await apiCall(consumer.url, 'GET', `/registrySync/sources/${source.id}`);
    expect(view.body).toMatchObject({ pullInProgress: false, lastRun: { id: first.id } });
  });

  it('changes nothing when pulled again with nothing new upstream', async () => {
    const again = await run();
    expect(again).toMatchObject({ status: 'succeeded', created: 0, updated: 0, deleted: 0, conflicts: 0 });
    await expectInStep(registry, consumer);
  });
});

describe('incremental pull', () => {
  let second: any;
  beforeAll(async () => {
    // creates, an update twice (only the newest counts), a move to another district, and deletes
    await fhir(registry.url, 'PUT', '/Location/t-r1d1s2', jurisdiction('t-r1d1s2', 'New sub-district', 't-r1d1'), bearer(registry));
    await fhir(registry.url, 'PUT', '/Location/t-new', facility('t-new', 'New clinic', 't-r1d1s2'), bearer(registry));
    await fhir(registry.url, 'PUT', '/Location/t-f0x0', facility('t-f0x0', 'Clinic renamed once', 't-r0d0s0'), bearer(registry));
    await fhir(registry.url, 'PUT', '/Location/t-f0x0', facility('t-f0x0', 'Clinic renamed twice', 't-r0d0s0'), bearer(registry));
    await fhir(registry.url, 'PUT', '/Location/t-r0d1', jurisdiction('t-r0d1', 'District moved', 't-r1'), bearer(registry));
    await fhir(registry.url, 'DELETE', '/HealthcareService/t-f7x1-svc', undefined, bearer(registry));
    await fhir(registry.url, 'DELETE', '/Location/t-f7x1', undefined, bearer(registry));
    await fhir(registry.url, 'DELETE', '/HealthcareService/t-f7x0-svc', undefined, bearer(registry));
    await fhir(registry.url, 'DELETE', '/Location/t-f7x0', undefined, bearer(registry));
    await fhir(registry.url, 'DELETE', '/Location/t-r1d1s1', undefined, bearer(registry));
    second = await run();
  });

  it('applies creates, updates, moves and deletes (children before parents)', async () => {
    expect(second).toMatchObject({ status: 'succeeded', created: 2, updated: 2, deleted: 5, conflicts: 0, skipped: 0 });
    await expectInStep(registry, consumer);
  });

  it('moves the subtree of a moved zone', async () => {
    const moved = await consumer.platform.fhir.directory.get('t-f3x0');
    expect(moved!.path).toEqual(['t-country', 't-r1', 't-r0d1', 't-r0d1s1', 't-f3x0']);
    expect(await consumer.platform.fhir.directory.get('t-f7x1')).toBeUndefined();
  });
});

describe('ownership after the sync', () => {
  it('refuses a local edit through /fhir with 409 naming the registry', async () => {
    const edit = await fhir(consumer.url, 'PUT', '/Location/t-f1x0', facility('t-f1x0', 'Edited here', 't-r0d0s1'));
    expect(edit.status).toBe(409);
    expect(JSON.stringify(edit.body)).toContain('national-mfl');
    expect((await fhir(consumer.url, 'DELETE', '/Location/t-f1x0')).status).toBe(409);
  });

  it('refuses a local edit through /api/facilities with 409', async () => {
    expect((await apiCall(consumer.url, 'GET', '/facilities/t-f1x0')).body).toMatchObject({ owner: 'national-mfl', managedExternally: true });
    await apiCreate(consumer.url, '/facilityTypes', { code: 'health_center', name: 'Health Center' });
    const edit = await apiCall(consumer.url, 'PUT', '/facilities/t-f1x0', {
      code: 'T-F1X0', name: 'Edited here', geographicZone: { id: 't-r0d0s1' }, type: { code: 'health_center' },
      active: true, enabled: true, goLiveDate: '2020-01-01',
    });
    expect(edit.status).toBe(409);
    expect(edit.body.messageKey).toBe('referenceData.error.facility.externallyOwned');
  });
});

describe('linking to records Lastmile already has', () => {
  let linkSource: any;
  let lastmileId: string;

  beforeAll(async () => {
    // A Lastmile-owned facility, and the registry's record of the same place (same Lastmile code).
    await fhir(consumer.url, 'PUT', '/Location/local-zone', jurisdiction('local-zone', 'Local zone'));
    const created = await fhir(consumer.url, 'POST', '/Location', { ...facility('ignored', 'Kasungu HC (ours)', 'local-zone'), id: undefined, identifier: [{ system: 'https://lastmile.health/fhir/sid/code', value: 'KAS-01' }] });
    lastmileId = created.body.id;
    await fhir(registry.url, 'PUT', '/Location/link-zone', jurisdiction('link-zone', 'Registry zone'), bearer(registry));
    await fhir(registry.url, 'PUT', '/Location/mfl-kas', {
      ...facility('mfl-kas', 'Kasungu Health Centre', 'link-zone'),
      identifier: [{ system: 'https://lastmile.health/fhir/sid/code', value: 'KAS-01' }, { system: 'urn:mfl', value: '123' }],
    }, bearer(registry));
    linkSource = await createSource(consumer, {
      name: 'mfl-link', baseUrl: `${registry.url}/fhir`, resourceTypes: ['Location'], idPrefix: 'L-', auth: { ...REGISTRY_AUTH, tokenUrl: `${registry.url}/api/oauth/token` },
    });
  });

  it('adopts the Lastmile record instead of duplicating it', async () => {
    const result = await sync.run(linkSource.id, { trigger: 'api' });
    expect(result.status).toBe('succeeded');
    const kasungu = await fhir(consumer.url, 'GET', '/Location?identifier=https://lastmile.health/fhir/sid/code|KAS-01');
    expect(kasungu.body.entry).toHaveLength(1);
    expect(kasungu.body.entry[0].resource).toMatchObject({ id: lastmileId, name: 'Kasungu Health Centre', partOf: { reference: 'Location/L-link-zone' } });
    expect((await consumer.platform.fhir.directory.get(lastmileId))!.owner).toBe('mfl-link');
    const links = await apiCall(consumer.url, 'GET', `/registrySync/sources/${linkSource.id}/links`);
    expect(links.body.content).toEqual([expect.objectContaining({ remoteId: 'mfl-kas', localId: lastmileId, matchedIdentifier: 'https://lastmile.health/fhir/sid/code|KAS-01' })]);
  });

  it('reports the identifiers another registry already holds as conflicts, never guessing', async () => {
    // mfl-link also brings national-mfl's facilities (same registry, other prefix): same codes, other owner.
    const result = (await runsOf(consumer, linkSource.id))[0];
    expect(result.conflicts).toBeGreaterThan(0);
    const issues = await apiCall(consumer.url, 'GET', `/registrySync/runs/${result.id}/issues?page=0&size=200`);
    expect(issues.body.content).toContainEqual(expect.objectContaining({
      kind: 'conflict', resourceType: 'Location', remoteId: 't-f0x0', reason: expect.stringContaining('owned by the registry "national-mfl"'),
    }));
    const parked = await apiCall(consumer.url, 'GET', `/registrySync/sources/${linkSource.id}/conflicts`);
    expect(parked.body.totalElements).toBe(result.conflicts);
  });
});
