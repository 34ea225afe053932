/**
 * The demo country: loaded on first start into an empty database through the CSV import, once;
 * every Location it publishes is one OpenLMIS's FHIR import could read, and valid against the
 * profiles it claims.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fhir } from '../helpers/fhir.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LASTMILE_DEMO: 'true' });
}, 120_000);
afterAll(() => app.stop());

const get = async (path: string) => (await (await fetch(`${app.url}/api${path}`)).json()) as any;

async function allLocations(): Promise<any[]> {
  const bundle = await fhir(app.url, 'GET', '/Location?_count=500');
  expect(bundle.body.link.find((l: any) => l.relation === 'next')).toBeUndefined();
  return bundle.body.entry.map((e: any) => e.resource);
}

describe('the demo country', () => {
  it('has the guide\'s programs, a zone tree, about twenty facilities and periods around today', async () => {
    expect((await get('/programs')).content.map((p: any) => p.code)).toEqual(['PRG001', 'PRG002', 'PRG004']);
    const zones = await get('/geographicZones');
    expect(zones.totalElements).toBeGreaterThanOrEqual(10);
    const facilities = await get('/facilities');
    expect(facilities.totalElements).toBeGreaterThanOrEqual(20);
    const types = new Set(facilities.content.map((f: any) => f.type.code));
    expect([...types].sort()).toEqual(['district_hospital', 'health_center', 'national_warehouse', 'warehouse']);
    const today = new Date().toISOString().slice(0, 10);
    const monthly = (await get('/processingSchedules?code=SCH001')).content[0];
    const periods = (await get(`/processingPeriods?processingScheduleId=${monthly.id}`)).content;
    expect(periods).toHaveLength(16);
    expect(periods.filter((p: any) => p.startDate <= today && today <= p.endDate)).toHaveLength(1);
    expect(periods.filter((p: any) => p.startDate > today)).toHaveLength(3);
  });

  it('publishes Locations that OpenLMIS\'s FHIR import can read: alias, physical type si or area, partOf that resolves', async () => {
    const locations = await allLocations();
    const ids = new Set(locations.map((l) => l.id));
    for (const location of locations) {
      const kind = location.type[0].coding[0].code;
      expect({ id: location.id, alias: location.alias?.[0] }).toEqual({ id: location.id, alias: expect.any(String) });
      expect(location.physicalType.coding[0]).toMatchObject({ system: 'http://hl7.org/fhir/location-physical-type', code: kind === 'facility' ? 'si' : 'area' });
      if (location.partOf) expect(ids.has(location.partOf.reference.replace('Location/', ''))).toBe(true);
      else expect(location.alias[0]).toBe('MW');
    }
  });

  it('publishes Locations valid against the profiles they claim (the server validates them when sent back)', async () => {
    const claimed = (await allLocations()).filter((l) => l.meta.profile);
    expect(claimed.length).toBeGreaterThan(15);
    for (const location of claimed) {
      const reply = await fhir(app.url, 'PUT', `/Location/${location.id}`, location);
      expect({ id: location.id, status: reply.status, issues: reply.status === 200 ? undefined : reply.body.issue }).toEqual({ id: location.id, status: 200, issues: undefined });
    }
  });

  it('loads once: a second start on the same database adds nothing', async () => {
    const before = (await get('/facilities')).totalElements;
    const second = await startTestApp({ LASTMILE_DEMO: 'true', DATABASE_URL: app.databaseUrl });
    try {
      expect((await get('/facilities')).totalElements).toBe(before);
      expect((await get('/programs')).totalElements).toBe(3);
    } finally {
      await second.stop();
    }
  });
});

describe('LASTMILE_DEMO=false', () => {
  it('starts empty', async () => {
    const empty = await startTestApp({ LASTMILE_DEMO: 'false' });
    try {
      const programs = (await (await fetch(`${empty.url}/api/programs`)).json()) as any;
      expect(programs.totalElements).toBe(0);
    } finally {
      await empty.stop();
    }
  });
});
