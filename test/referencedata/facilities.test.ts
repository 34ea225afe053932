/**
 * /api/geographicZones and /api/facilities are views over mCSD Locations: the guide's rules, the
 * round trip between the API and /fhir/Location, what OpenLMIS's FHIR import needs, and
 * Locations owned by an external registry staying read-only.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fhir } from '../helpers/fhir.js';
import { LASTMILE_CODE_SYSTEM, LocationRegistry } from '../../fhir/index.js';
import { apiCall } from '../helpers/api.js';

let app: TestApp;
const ids: Record<string, string> = {};

function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return apiCall(app.url, method, path, body, headers);
}

async function created(path: string, body: unknown): Promise<any> {
  const reply = await api('POST', path, body);
  if (reply.status !== 201) throw new Error(`${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const zone = (code: string, level: string, parent?: string, extra: Record<string, unknown> = {}) => ({ code, name: `Zone ${code}`, level: { code: level }, ...(parent ? { parent: { code: parent } } : {}), ...extra });
const facility = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: `Facility ${code}`,
  geographicZone: { code: 'NU' },
  type: { code: 'health_center' },
  active: true,
  enabled: true,
  goLiveDate: '2016-01-01',
  ...extra,
});

beforeAll(async () => {
  app = await startTestApp();
  for (const [code, levelNumber] of [['Country', 1], ['Zone', 2], ['District', 3]] as const) await created('/geographicLevels', { code, name: code, levelNumber });
  ids.healthCenter = (await created('/facilityTypes', { code: 'health_center', name: 'Health Center', displayOrder: 1 })).id;
  await created('/facilityTypes', { code: 'retired_type', name: 'Retired', displayOrder: 9, active: false });
  ids.moh = (await created('/facilityOperators', { code: 'moh', name: 'Ministry of Health', displayOrder: 1 })).id;
  ids.fp = (await created('/programs', { code: 'PRG001', name: 'Family Planning' })).id;
  await created('/programs', { code: 'PRG_OFF', name: 'Closed program', active: false });
  ids.malawi = (await created('/geographicZones', zone('Malaw', 'Country', undefined, { catchmentPopulation: 17500000, latitude: -13.25431, longitude: 34.30152 }))).id;
  ids.cwes = (await created('/geographicZones', zone('cwes', 'Zone', 'Malaw'))).id;
  ids.nu = (await created('/geographicZones', zone('NU', 'District', 'cwes'))).id;
});
afterAll(() => app.stop());

describe('geographic zones', () => {
  it('are read back with their level, parent, population and centroid', async () => {
    const malawi = await api('GET', `/geographicZones/${ids.malawi}`);
    expect(malawi.body).toMatchObject({ code: 'Malaw', level: { code: 'Country', levelNumber: 1 }, parent: null, catchmentPopulation: 17500000, latitude: -13.25431, longitude: 34.30152, owner: 'lastmile', managedExternally: false, version: 1 });
    const nu = await api('GET', `/geographicZones/${ids.nu}`);
    expect(nu.body.parent).toEqual({ id: ids.cwes });
  });

  it.each([
    ['no level', { code: 'X1', name: 'x' }, 400, 'referenceData.error.geographicZone.invalid'],
    ['an unknown level', zone('X2', 'Planet'), 400, 'referenceData.error.geographicLevel.notFound'],
    ['no parent below the top level', zone('X3', 'District'), 400, 'referenceData.error.geographicZone.parent.required'],
    ['an unknown parent', zone('X4', 'District', 'nowhere'), 400, 'referenceData.error.geographicZone.parent.notFound'],
    ['a parent at the same level', zone('X5', 'District', 'NU'), 400, 'referenceData.error.geographicZone.parent.level'],
    ['a duplicate code', zone('NU', 'District', 'cwes'), 409, 'referenceData.error.geographicZone.code.duplicated'],
    ['latitude without longitude', zone('X6', 'Zone', 'Malaw', { latitude: 1 }), 400, 'referenceData.error.geographicZone.coordinates'],
    ['six decimal places', zone('X7', 'Zone', 'Malaw', { latitude: 1.123456, longitude: 2 }), 400, 'referenceData.error.geographicZone.coordinates'],
    ['latitude beyond 90', zone('X8', 'Zone', 'Malaw', { latitude: 91, longitude: 2 }), 400, 'referenceData.error.geographicZone.invalid'],
    ['a negative population', zone('X9', 'Zone', 'Malaw', { catchmentPopulation: -1 }), 400, 'referenceData.error.geographicZone.invalid'],
  ])('refuse %s', async (_label, body, status, messageKey) => {
    const reply = await api('POST', '/geographicZones', body);
    expect({ status: reply.status, messageKey: reply.body.messageKey }).toEqual({ status, messageKey });
  });

  it('refuse to move a zone below itself', async () => {
    const cwes = (await api('GET', `/geographicZones/${ids.cwes}`)).body;
    const reply = await api('PUT', `/geographicZones/${ids.cwes}`, { ...cwes, level: { code: 'Zone' }, parent: { id: ids.nu } });
    expect(reply.status).toBe(400);
  });

  it('list by parent and level, paged', async () => {
    const children = await api('GET', `/geographicZones?parentId=${ids.malawi}`);
    expect(children.body.content.map((z: any) => z.code)).toEqual(['cwes']);
    const districts = await api('GET', '/geographicZones?levelCode=District&page=0&size=5');
    expect(districts.body).toMatchObject({ totalElements: 1, size: 5 });
  });
});

describe('facilities', () => {
  it('are written as mCSD Facility Locations that OpenLMIS can import, and read back', async () => {
    const body = facility('HF01', {
      description: 'Kankao Health Facility',
      operator: { code: 'moh' },
      location: { latitude: -14.98, longitude: 34.95 },
      comment: 'Opened with the district',
      supportedPrograms: [{ code: 'PRG001', supportActive: true, supportLocallyFulfilled: false, supportStartDate: '2016-01-01' }],
    });
    const made = await created('/facilities', body);
    ids.hf01 = made.id;
    expect(made).toMatchObject({
      code: 'HF01',
      geographicZone: { id: ids.nu, code: 'NU', name: 'Zone NU' },
      type: { id: ids.healthCenter, code: 'health_center' },
      operator: { id: ids.moh, code: 'moh' },
      active: true,
      enabled: true,
      goLiveDate: '2016-01-01',
      supportedPrograms: [{ id: ids.fp, code: 'PRG001', supportActive: true, supportStartDate: '2016-01-01', supportLocallyFulfilled: false }],
      version: 1,
    });
    const location = (await fhir(app.url, 'GET', `/Location/${made.id}`)).body;
    expect(location.identifier).toContainEqual({ system: LASTMILE_CODE_SYSTEM, value: 'HF01' });
    expect(location.alias[0]).toBe('HF01');
    expect(location.physicalType.coding[0]).toMatchObject({ system: 'http://hl7.org/fhir/location-physical-type', code: 'si' });
    expect(location.partOf.reference).toBe(`Location/${ids.nu}`);
    expect(location.managingOrganization.reference).toBe(`Organization/${ids.moh}`);
    expect(location.position).toEqual({ latitude: -14.98, longitude: 34.95 });
    expect(location.status).toBe('active');
    expect(location.type[0].coding[0]).toMatchObject({ system: 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types', code: 'facility' });
    expect((await api('GET', `/facilities/${made.id}`)).body).toEqual(made);
  });

  it('follow edits made through FHIR, and keep what FHIR clients added when edited through the API', async () => {
    const location = (await fhir(app.url, 'GET', `/Location/${ids.hf01}`)).body;
    const edited = await fhir(app.url, 'PUT', `/Location/${ids.hf01}`, { ...location, name: 'Kankao HC', telecom: [{ system: 'phone', value: '+265 1 000 000' }] });
    expect(edited.status).toBe(200);
    const read = (await api('GET', `/facilities/${ids.hf01}`)).body;
    expect(read).toMatchObject({ name: 'Kankao HC', version: 2 });
    const renamed = await api('PUT', `/facilities/${ids.hf01}`, { ...read, name: 'Kankao Health Centre' }, { 'If-Match': 'W/"2"' });
    expect(renamed.status).toBe(200);
    const after = (await fhir(app.url, 'GET', `/Location/${ids.hf01}`)).body;
    expect(after).toMatchObject({ name: 'Kankao Health Centre', telecom: [{ system: 'phone', value: '+265 1 000 000' }] });
    const stale = await api('PUT', `/facilities/${ids.hf01}`, { ...read, name: 'Stale' }, { 'If-Match': 'W/"2"' });
    expect(stale.status).toBe(409);
    expect(stale.body.messageKey).toBe('referenceData.error.facility.versionConflict');
  });

  it('map active and enabled to the Location status', async () => {
    const suspended = await created('/facilities', facility('HF02', { active: false }));
    expect((await fhir(app.url, 'GET', `/Location/${suspended.id}`)).body.status).toBe('suspended');
    expect(suspended).toMatchObject({ active: false, enabled: true });
    const closed = await created('/facilities', facility('HF03', { active: false, enabled: false, goDownDate: '2020-06-30' }));
    expect((await fhir(app.url, 'GET', `/Location/${closed.id}`)).body.status).toBe('inactive');
    expect(closed).toMatchObject({ active: false, enabled: false, goDownDate: '2020-06-30' });
  });

  it.each([
    ['no go-live date', { goLiveDate: undefined }, 400, 'referenceData.error.facility.invalid'],
    ['an unknown zone', { geographicZone: { code: 'nowhere' } }, 400, 'referenceData.error.facility.geographicZone.notFound'],
    ['a facility as its zone', { geographicZone: { code: 'HF01' } }, 400, 'referenceData.error.facility.geographicZone.notFound'],
    ['an unknown type', { type: { code: 'spaceport' } }, 400, 'referenceData.error.facilityType.notFound'],
    ['an inactive type', { type: { code: 'retired_type' } }, 400, 'referenceData.error.facility.type.inactive'],
    ['an unknown operator', { operator: { code: 'nobody' } }, 400, 'referenceData.error.facilityOperator.notFound'],
    ['active but disabled', { enabled: false }, 400, 'referenceData.error.facility.activeButDisabled'],
    ['going down before going live', { goDownDate: '2015-12-31' }, 400, 'referenceData.error.facility.goDownDate.beforeGoLive'],
    ['a malformed date', { goLiveDate: '01/01/2016' }, 400, 'referenceData.error.facility.invalid'],
    ['an unknown program', { supportedPrograms: [{ code: 'PRG404', supportActive: false }] }, 400, 'referenceData.error.program.notFound'],
    ['a program twice', { supportedPrograms: [{ code: 'PRG001' }, { code: 'PRG001' }] }, 400, 'referenceData.error.facility.supportedPrograms.duplicated'],
    ['active support without a start date', { supportedPrograms: [{ code: 'PRG001', supportActive: true }] }, 400, 'referenceData.error.facility.supportedPrograms.startDateRequired'],
    ['active support of an inactive program', { supportedPrograms: [{ code: 'PRG_OFF', supportActive: true, supportStartDate: '2020-01-01' }] }, 400, 'referenceData.error.facility.supportedPrograms.programInactive'],
    ['a duplicate code', { code: 'HF01' }, 409, 'referenceData.error.facility.code.duplicated'],
    ['a code used by a zone', { code: 'NU' }, 409, 'referenceData.error.facility.code.duplicated'],
    ['half a position', { location: { latitude: 1 } }, 400, 'referenceData.error.facility.invalid'],
  ])('refuse %s', async (_label, extra, status, messageKey) => {
    const reply = await api('POST', '/facilities', facility('HFX', extra));
    expect({ status: reply.status, messageKey: reply.body.messageKey }).toEqual({ status, messageKey });
  });

  it('list by zone (with recurse), type, code and ids', async () => {
    const inDistrict = await api('GET', `/facilities?zoneId=${ids.nu}`);
    expect(inDistrict.body.content.map((f: any) => f.code)).toEqual(['HF01', 'HF02', 'HF03']);
    expect((await api('GET', `/facilities?zoneId=${ids.malawi}`)).body.totalElements).toBe(0);
    expect((await api('GET', `/facilities?zoneId=${ids.malawi}&recurse=true`)).body.totalElements).toBe(3);
    expect((await api('GET', '/facilities?type=health_center&code=HF02')).body.content).toHaveLength(1);
    expect((await api('GET', `/facilities?id=${ids.hf01}`)).body.content[0].code).toBe('HF01');
    expect((await api('GET', '/facilities?page=1&size=2&sort=code,desc')).body).toMatchObject({ totalElements: 3, numberOfElements: 1, content: [{ code: 'HF01' }] });
  });

  it('created through FHIR appear in the API', async () => {
    const location = { resourceType: 'Location', status: 'active', name: 'Mission Hospital', identifier: [{ system: LASTMILE_CODE_SYSTEM, value: 'MH01' }], type: [{ coding: [{ system: 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types', code: 'facility' }] }], partOf: { reference: `Location/${ids.nu}` } };
    const made = await fhir(app.url, 'POST', '/Location', location);
    expect(made.status).toBe(201);
    const read = await api('GET', `/facilities/${made.body.id}`);
    expect(read.body).toMatchObject({ code: 'MH01', name: 'Mission Hospital', geographicZone: { id: ids.nu }, type: null, active: true });
  });
});

describe('Locations owned by an external registry', () => {
  it('are listed but cannot be edited here (409 naming the owner)', async () => {
    const registry = new LocationRegistry(app.platform.fhir.store);
    expect(registry).toBeDefined();
    const location = { resourceType: 'Location' as const, id: 'mfl-fac-1', status: 'active' as const, name: 'Registry Clinic', identifier: [{ system: LASTMILE_CODE_SYSTEM, value: 'MFL1' }], type: [{ coding: [{ system: 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types', code: 'facility' }] }], partOf: { reference: `Location/${ids.nu}` } };
    await app.platform.fhir.store.update(location, { owner: 'national-mfl' });
    const read = await api('GET', '/facilities/mfl-fac-1');
    expect(read.body).toMatchObject({ code: 'MFL1', owner: 'national-mfl', managedExternally: true });
    const edit = await api('PUT', '/facilities/mfl-fac-1', facility('MFL1', { name: 'Renamed here' }));
    expect(edit.status).toBe(409);
    expect(edit.body.messageKey).toBe('referenceData.error.facility.externallyOwned');
    expect(edit.body.message).toContain('national-mfl');
    expect((await fhir(app.url, 'GET', '/Location/mfl-fac-1')).body.name).toBe('Registry Clinic');
  });
});

describe('published codes', () => {
  it('facility types, levels and programs are CodeSystems; operators are Organizations', async () => {
    const types = await fhir(app.url, 'GET', '/CodeSystem/lastmile-facility-type');
    expect(types.body).toMatchObject({ url: 'https://lastmile.health/fhir/CodeSystem/facility-type', content: 'complete' });
    expect(types.body.concept.map((c: any) => c.code)).toEqual(['health_center', 'retired_type']);
    const levels = await fhir(app.url, 'GET', '/CodeSystem?url=https://lastmile.health/fhir/CodeSystem/geographic-level');
    expect(levels.body.entry[0].resource.concept.map((c: any) => c.code)).toEqual(['Country', 'Zone', 'District']);
    const operator = await fhir(app.url, 'GET', `/Organization/${ids.moh}`);
    expect(operator.body).toMatchObject({ name: 'Ministry of Health', identifier: [{ system: LASTMILE_CODE_SYSTEM, value: 'moh' }] });
    expect((await fhir(app.url, 'POST', '/CodeSystem', { resourceType: 'CodeSystem', status: 'draft', content: 'complete' })).status).toBe(405);
  });
});
