/**
 * The demo country: loaded on first start into an empty database through the CSV import, once;
 * every Location it publishes is one OpenLMIS's FHIR import could read, and valid against the
 * profiles it claims. Its product catalogue, approvals, stock configuration and supervision
 * hierarchy are complete enough to requisition and move stock in all three programs.
 */
import { gtinProblem } from '../../api/referencedata/trade-items/gtin.js';
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

/** Ids by code, for the lists that name programs, facility types, facilities and nodes by id. */
async function idsByCode(path: string): Promise<Map<string, string>> {
  return new Map((await get(path)).content.map((row: any) => [row.code, row.id]));
}

const codeOf = (ids: Map<string, string>, id: string) => [...ids].find(([, value]) => value === id)?.[0];

describe('the demo product catalogue', () => {
  it('has about sixty orderables across the three programs, with realistic packs', async () => {
    const orderables = (await get('/orderables')).content;
    expect(orderables.length).toBeGreaterThanOrEqual(60);
    const programs = await idsByCode('/programs');
    for (const program of ['PRG001', 'PRG002', 'PRG004']) {
      expect(orderables.filter((o: any) => o.programs.some((p: any) => p.programId === programs.get(program))).length).toBeGreaterThanOrEqual(10);
    }
    for (const o of orderables) {
      expect({ code: o.productCode, unit: typeof o.dispensable?.dispensingUnit, programs: o.programs.length }).toEqual({ code: o.productCode, unit: 'string', programs: 1 });
      expect(o.packRoundingThreshold).toBeLessThanOrEqual(o.netContent);
      expect(o.programs[0]).toMatchObject({ active: true, pricePerPack: expect.stringMatching(/^\d+\.\d{2}$/), orderableCategoryDisplayName: expect.any(String) });
    }
    const vials = orderables.filter((o: any) => o.dispensable.dispensingUnit === 'dose');
    expect(vials.map((o: any) => o.netContent)).toEqual(expect.arrayContaining([20, 10, 4, 1]));
  });

  it("has the guide's Mercaptopurine and Postinor as the guide sets them up", async () => {
    const programs = await idsByCode('/programs');
    const [mercaptopurine] = (await get('/orderables?code=AA000300')).content;
    expect(mercaptopurine).toMatchObject({ fullProductName: 'Mercaptopurine', netContent: 1, packRoundingThreshold: 1, roundToZero: false, dispensable: { dispensingUnit: 'each' } });
    expect(mercaptopurine.programs).toEqual([expect.objectContaining({ programId: programs.get('PRG002'), fullSupply: false, pricePerPack: '2154.65' })]);
    const [postinor] = (await get('/orderables?code=FP000400')).content;
    expect(postinor).toMatchObject({ fullProductName: expect.stringContaining('Postinor'), netContent: 1, roundToZero: false });
    expect(postinor.programs).toEqual([expect.objectContaining({ programId: programs.get('PRG001'), fullSupply: true, pricePerPack: '6940.30' })]);
  });

  it('has a kit whose contents are orderables of the catalogue', async () => {
    const orderables = (await get('/orderables')).content;
    const kits = orderables.filter((o: any) => o.children.length > 0);
    expect(kits.map((k: any) => k.productCode)).toEqual(['AA003600']);
    const ids = new Set(orderables.map((o: any) => o.id));
    expect(kits[0].children.length).toBeGreaterThanOrEqual(5);
    for (const child of kits[0].children) expect(ids.has(child.orderableId) && child.quantity > 0).toBe(true);
  });

  it('names products by trade items with valid GTINs and by UNSPSC commodity types, and has lots, one expired', async () => {
    const tradeItems = (await get('/tradeItems')).content;
    const gtins = tradeItems.filter((t: any) => t.gtin).map((t: any) => t.gtin);
    expect(gtins.length).toBeGreaterThanOrEqual(10);
    expect(gtins.filter((gtin: string) => gtinProblem(gtin))).toEqual([]);
    const commodityTypes = (await get('/commodityTypes')).content;
    expect(commodityTypes.every((t: any) => t.classificationSystem === 'UNSPSC')).toBe(true);
    const [bcg] = (await get('/orderables?code=EP000100')).content;
    expect(bcg.identifiers).toEqual({ tradeItem: expect.any(String), commodityType: expect.any(String) });
    const lots = (await get('/lots')).content;
    const today = new Date().toISOString().slice(0, 10);
    expect(lots.length).toBeGreaterThanOrEqual(10);
    expect(lots.filter((lot: any) => lot.expirationDate < today).length).toBeGreaterThanOrEqual(1);
    expect(lots.every((lot: any) => tradeItems.some((t: any) => t.id === lot.tradeItemId))).toBe(true);
  });

  it("approves each program's products for the facility types that run it: 3 periods at health centres, more above", async () => {
    const expected = { health_center: 3, district_hospital: 4, warehouse: 6, national_warehouse: 6 };
    for (const program of ['PRG001', 'PRG002', 'PRG004']) {
      for (const [facilityType, maxPeriods] of Object.entries(expected)) {
        const approved = (await get(`/facilityTypeApprovedProducts?facilityType=${facilityType}&program=${program}`)).content;
        expect({ program, facilityType, some: approved.length >= 10 }).toEqual({ program, facilityType, some: true });
        expect(new Set(approved.map((a: any) => a.maxPeriodsOfStock))).toEqual(new Set([maxPeriods]));
      }
    }
    const atHealthCentres = (await get('/facilityTypeApprovedProducts?facilityType=health_center&program=PRG002')).content.map((a: any) => a.orderable.productCode);
    expect(atHealthCentres).toEqual(expect.arrayContaining(['AA003600', 'AA001700']));
    expect(atHealthCentres).not.toContain('AA000300'); // specialist medicine: hospitals and stores only
  });
});

describe('the demo supervision hierarchy', () => {
  it('has two top approval points, each with a district node below, and a supply line for every program at the top', async () => {
    const nodes = (await get('/supervisoryNodes')).content;
    const ids = new Map<string, string>(nodes.map((n: any) => [n.code, n.id]));
    const parentOf = (code: string) => codeOf(ids, nodes.find((n: any) => n.code === code).parentNodeId ?? '');
    expect(Object.fromEntries(nodes.map((n: any) => [n.code, parentOf(n.code) ?? null]))).toEqual({
      'SN-CENTRAL': null,
      'SN-SOUTH': null,
      'SN-NTCHEU': 'SN-CENTRAL',
      'SN-BALAKA': 'SN-SOUTH',
    });
    expect(nodes.every((n: any) => n.requisitionGroup && n.facilityId)).toBe(true);
    const programs = await idsByCode('/programs');
    const lines = (await get('/supplyLines')).content;
    for (const top of ['SN-CENTRAL', 'SN-SOUTH']) {
      const supplied = lines.filter((l: any) => l.supervisoryNodeId === ids.get(top)).map((l: any) => codeOf(programs, l.programId));
      expect(supplied.sort()).toEqual(['PRG001', 'PRG002', 'PRG004']);
    }
    const facilities = await idsByCode('/facilities');
    const supervised = (await get(`/supervisoryNodes/${ids.get('SN-CENTRAL')}/supervisedFacilities?programId=${programs.get('PRG001')}`)).facilityIds;
    expect(supervised).toEqual(expect.arrayContaining(['DH03', 'HC07', 'DH01', 'HC01'].map((code) => facilities.get(code))));
  });

  it('puts every facility that runs a program in one requisition group with a monthly schedule for it', async () => {
    const facilities = (await get('/facilities')).content.filter((f: any) => f.type.code === 'health_center' || f.type.code === 'district_hospital');
    const monthly = (await get('/processingSchedules?code=SCH001')).content[0];
    for (const facility of facilities.filter((f: any) => f.enabled)) {
      for (const program of facility.supportedPrograms) {
        const reply = await fetch(`${app.url}/api/requisitionGroups/schedule?facilityId=${facility.id}&programId=${program.id}`);
        const schedule = (await reply.json()) as any;
        expect({ facility: facility.code, program: program.code, status: reply.status, scheduleId: schedule.processingSchedule?.id }).toEqual({
          facility: facility.code,
          program: program.code,
          status: 200,
          scheduleId: monthly.id,
        });
      }
    }
  });
});

describe('the demo stock configuration', () => {
  it("offers the guide's adjustment reasons, and the four requisition reasons hidden, for every program and facility type", async () => {
    const [programs, facilityTypes] = [await idsByCode('/programs'), await idsByCode('/facilityTypes')];
    const assignments = (await get('/validReasons')).content;
    for (const program of programs.values()) {
      for (const facilityType of facilityTypes.values()) {
        const here = assignments.filter((a: any) => a.programId === program && a.facilityTypeId === facilityType);
        const shown = here.filter((a: any) => !a.hidden).map((a: any) => a.reason.name);
        expect(shown).toEqual(expect.arrayContaining(['Transfer In', 'Transfer Out', 'Damage', 'Expired', 'Stolen', 'Lost']));
        expect(here.filter((a: any) => a.hidden).map((a: any) => a.reason.name).sort()).toEqual(['Beginning Balance Excess', 'Beginning Balance Insufficiency', 'Consumed', 'Receipts']);
      }
    }
    const epiReasons = assignments.filter((a: any) => a.programId === programs.get('PRG004')).map((a: any) => a.reason.name);
    expect(epiReasons).toEqual(expect.arrayContaining(['Passed open-vial time limit', 'Cold chain failure']));
  });

  it('has health centres receive from their own district, warehouses from CMST, CMST from donors; and destinations down the chain', async () => {
    const [programs, facilityTypes, facilities] = [await idsByCode('/programs'), await idsByCode('/facilityTypes'), await idsByCode('/facilities')];
    const names = async (kind: string, program: string, facilityType: string, facility?: string) => {
      const asking = facility ? `&facilityId=${facilities.get(facility)}` : '';
      return (await get(`/${kind}?programId=${programs.get(program)}&facilityTypeId=${facilityTypes.get(facilityType)}${asking}`)).content.map((a: any) => a.name).sort();
    };
    expect(await names('validSources', 'PRG001', 'health_center', 'HC01')).toEqual(['Ntcheu District Warehouse']);
    expect(await names('validSources', 'PRG002', 'health_center', 'HC02')).toEqual(['Balaka District Warehouse']);
    expect(await names('validSources', 'PRG004', 'warehouse')).toEqual(['Central Medical Stores Trust']);
    expect(await names('validSources', 'PRG004', 'national_warehouse')).toEqual(expect.arrayContaining(['UNICEF Supply Division']));
    expect(await names('validDestinations', 'PRG002', 'warehouse', 'WH01')).toEqual(expect.arrayContaining(['Comfort Health Clinic', 'Ntcheu District Hospital']));
    expect(await names('validDestinations', 'PRG002', 'warehouse', 'WH01')).not.toContain('Nandumbo Health Center');
    expect(await names('validDestinations', 'PRG001', 'health_center')).toEqual(expect.arrayContaining(['Health Surveillance Assistants']));
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
