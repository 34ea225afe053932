/**
 * CSV import and export of the stock management configuration (reasons, valid reasons,
 * organizations, valid sources and destinations) and the supervision hierarchy (nodes, requisition
 * groups, members, program schedules, supply lines), over HTTP: the guide's tables load; a file
 * with any bad row is refused whole, listing row and column, and writes nothing; dry runs write
 * nothing; re-imports change nothing (versions included); exports import back unchanged.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;

async function upload(type: string, csv: string, query = 'wait=true') {
  const response = await fetch(`${app.url}/api/imports/${type}?${query}`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
  return { status: response.status, body: (await response.json()) as any };
}

async function loaded(type: string, csv: string) {
  const reply = await upload(type, csv);
  expect({ type, status: reply.status, errors: reply.body.report?.errors }).toEqual({ type, status: 200, errors: [] });
  return reply.body.report;
}

const exported = async (type: string) => (await fetch(`${app.url}/api/exports/${type}`)).text();
const get = async (path: string) => (await (await fetch(`${app.url}/api${path}`)).json()) as any;
const one = async (path: string) => (await get(path)).content[0];
const count = async (path: string) => (await get(path)).totalElements as number;
const errorsOf = (reply: { body: any }) => reply.body.report.errors.map((e: any) => [e.row, e.column]);

/** Programs, schedules, facility types, zones and facilities, through their own CSV types. */
const SETUP = {
  programs: 'Program Code,Name\nPRG001,Family Planning\nPRG002,Essential Meds\n',
  processingSchedules: 'Code,Name\nMPS,Monthly\nQPS,Quarterly\n',
  geographicLevels: 'Code,Name,Level Number\nCountry,Country,1\nDistrict,District,2\n',
  geographicZones: 'Code,Name,Level,Parent\nMW,Malawi,Country,\nBLK,Balaka,District,MW\nNU,Ntcheu,District,MW\n',
  facilityTypes: 'Facility Type,Name\nhealth_center,Health Center\ndistrict_hospital,District Hospital\nwarehouse,Warehouse\n',
  facilities: `Facility Code,Name,Geographic Zone,Facility Type Code,Active,Go Live Date,Enabled
HF01,Kankao Health Facility,BLK,health_center,YES,2016-01-01,YES
HF02,Balaka Health Centre,BLK,health_center,YES,2016-01-01,YES
HF03,Ntcheu Health Centre,NU,health_center,YES,2016-01-01,YES
DH01,Balaka District Hospital,BLK,district_hospital,YES,2016-01-01,YES
WH01,Ntcheu District Warehouse,NU,warehouse,YES,2016-01-01,YES
WH02,Balaka District Warehouse,BLK,warehouse,YES,2016-01-01,YES
`,
};

/** The guide's tables for stock management, then for the supervision hierarchy, in load order. */
const STOCK = {
  stockCardLineItemReasons: `Name (required),Category (required),Type (required),Allow Free Text (optional),Tags (optional)
Receipts,Adjustment,Credit,FALSE,received adjustment
Damage,Adjustment,Debit,FALSE,adjustment debit
Cold Chain Failure,Adjustment,Debit,FALSE,
Transfer In,TRANSFER,CREDIT,TRUE,"received, cold chain"
Count,Physical Inventory,Balance Adjustment,,"cold chain,"
`,
  validReasons: `Reason,Program,Facility Type,Show (required)
Receipts,PRG001,health_center,FALSE
Damage,Family Planning,health_center,TRUE
Damage,PRG002,district_hospital,
`,
  organizations: 'Code,Name,Description,Active\nDONOR,Global Donor,A donor,TRUE\nNGO,Local NGO,,\n',
  validSources: `Program,facilityTypeCode,facilityCode,organizationName
PRG001,health_center,WH01,
PRG001,district_hospital,WH01,
PRG001,health_center,,Global Donor
PRG002,health_center,,NGO
`,
  validDestinations: `Program Code,facilityTypeCode,destination,Geo Level Affinity
PRG001,warehouse,HF01,District
PRG001,warehouse,HF02,
PRG001,health_center,HF02,
`,
};

const SUPERVISION = {
  supervisoryNodes: `Supervisory Node Code (required),Supervisory Node Name (required),Description (optional),Parent Node (optional),Facility Code (required)
SN1,FP Approval point,Family Planning approval point,,HF01
SN1.1,FP Approval sub point,Family Planning approval sub point,SN1,DH01
SN2,EM Approval point,,,WH01 - Ntcheu District Warehouse
`,
  requisitionGroups: `Requisition Group Code (required),Requisition Group Name (required),Supervisory Node Code (required),Description (optional)
RGFP1,RG Family Planning 1,SN1,Supports facilities running the family planning program on a monthly schedule
RGFP2,RG Family Planning 2,SN1.1,Supports facilities running the family planning program on a quarterly schedule
RGEM1,RG Essential Meds 1,SN2/EM Approval point,
`,
  requisitionGroupMembers: 'Requisition Group Code,Facility Code\nRGFP1,HF01\nRGFP1,HF02\nRGFP2,HF03\nRGEM1,HF01\n',
  requisitionGroupProgramSchedules: `Requisition Group Code (required),Program (required),Processing Schedule (required),Direct Delivery (required),Drop off Facility (optional)
RGFP1,Family Planning,MPS,TRUE,
RGFP2,PRG001,QPS,FALSE,WH01
RGEM1,PRG002,Monthly,TRUE,
`,
  supplyLines: `Program (required),Supervisory Node (required),Supplying Facility (required),Description (optional)
PRG001,SN1,WH01,Ntcheu District Warehouse supplies Family Planning
Essential Meds,SN2,WH02,Balaka District Warehouse supplies Essential Meds
`,
};

const ALL = { ...STOCK, ...SUPERVISION };
const facilityIds: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  for (const [type, csv] of Object.entries(SETUP)) await loaded(type, csv);
  for (const code of ['HF01', 'HF02', 'HF03', 'DH01', 'WH01', 'WH02']) facilityIds[code] = (await one(`/facilities?code=${code}`)).id;
});
afterAll(() => app.stop());

describe('the guide\'s tables, in load order', () => {
  it('are listed after the facilities, stock configuration first and supply lines last', async () => {
    const order = ((await get('/imports/types')) as any[]).map((t) => t.type);
    const at = (type: string) => order.indexOf(type);
    expect(at('facilityPrograms')).toBeLessThan(at('stockCardLineItemReasons'));
    expect(Object.keys(ALL).map(at)).toEqual([...Object.keys(ALL).map(at)].sort((a, b) => a - b));
    // the last reference data type; only users and their roles (the auth module's types) follow it
    expect(order.slice(order.indexOf('supplyLines') + 1)).toEqual(['roles', 'users', 'roleAssignments']);
  });

  it('a dry run of the first file validates it and writes nothing', async () => {
    const before = await get('/stockCardLineItemReasons');
    const reply = await upload('stockCardLineItemReasons', STOCK.stockCardLineItemReasons, 'wait=true&dryRun=true');
    // Receipts and Transfer In are among the reasons every database starts with.
    expect(reply).toMatchObject({ status: 200, body: { status: 'succeeded', report: { committed: false, created: 3, updated: 2, errors: [] } } });
    expect(await get('/stockCardLineItemReasons')).toEqual(before);
  });

  it('load one after another, every row created (or, for the seeded reasons, updated)', async () => {
    for (const [type, csv] of Object.entries(ALL)) {
      const report = await loaded(type, csv);
      const updated = type === 'stockCardLineItemReasons' ? 2 : 0;
      expect({ type, created: report.created, updated: report.updated }).toEqual({ type, created: csv.trim().split('\n').length - 1 - updated, updated });
    }
  });

  it('write what the rows say', async () => {
    const transferIn = await one('/stockCardLineItemReasons?name=Transfer In');
    expect(transferIn).toMatchObject({ reasonCategory: 'TRANSFER', reasonType: 'CREDIT', isFreeTextAllowed: true, tags: ['received', 'cold chain'] });
    expect(await one('/stockCardLineItemReasons?name=Receipts')).toMatchObject({ reasonCategory: 'ADJUSTMENT', tags: ['received', 'adjustment'] });
    expect(await one('/stockCardLineItemReasons?name=Count')).toMatchObject({ reasonCategory: 'PHYSICAL_INVENTORY', reasonType: 'BALANCE_ADJUSTMENT', tags: ['cold chain'] });
    const fp = (await one('/programs?code=PRG001')).id;
    const shown = (await get(`/validReasons?programId=${fp}`)).content.map((a: any) => [a.reason.name, a.hidden]).sort();
    expect(shown).toEqual([['Damage', false], ['Receipts', true]]);
    expect(await one('/organizations?code=NGO')).toMatchObject({ name: 'Local NGO', active: true });
    expect((await get('/validSources')).content.map((s: any) => s.name).sort()).toEqual(['Global Donor', 'Local NGO', 'Ntcheu District Warehouse', 'Ntcheu District Warehouse']);
    expect((await get('/validDestinations')).totalElements).toBe(3);

    const sub = await one('/supervisoryNodes?code=SN1.1');
    expect(sub).toMatchObject({ facilityId: facilityIds.DH01, parentNodeId: (await one('/supervisoryNodes?code=SN1')).id });
    expect(await one('/supervisoryNodes?code=SN2')).toMatchObject({ facilityId: facilityIds.WH01, parentNodeId: null });
    const rgfp1 = await one('/requisitionGroups?code=RGFP1');
    expect(rgfp1.memberFacilityIds.sort()).toEqual([facilityIds.HF01, facilityIds.HF02].sort());
    expect(rgfp1.programSchedules).toEqual([{ programId: fp, processingScheduleId: (await one('/processingSchedules?code=MPS')).id, directDelivery: true, dropOffFacilityId: null }]);
    expect((await one('/requisitionGroups?code=RGFP2')).programSchedules[0]).toMatchObject({ directDelivery: false, dropOffFacilityId: facilityIds.WH01 });
    expect(await one('/supplyLines?supervisoryNodeId=' + (await one('/supervisoryNodes?code=SN2')).id)).toMatchObject({ supplyingFacilityId: facilityIds.WH02, code: null });
  });
});

describe('re-importing and exporting', () => {
  const versions = async () => ({
    node: (await one('/supervisoryNodes?code=SN1.1')).version,
    group: (await one('/requisitionGroups?code=RGFP1')).version,
    line: (await get('/supplyLines')).content.map((l: any) => l.version),
    reason: (await one('/stockCardLineItemReasons?name=Transfer In')).version,
    organization: (await one('/organizations?code=DONOR')).version,
  });

  it('re-importing every file creates nothing and changes no version', async () => {
    const before = await versions();
    for (const [type, csv] of Object.entries(ALL)) {
      const report = await loaded(type, csv);
      expect({ type, created: report.created }).toEqual({ type, created: 0 });
    }
    expect(await versions()).toEqual(before);
  });

  it('exports import back unchanged, and export the same again', async () => {
    const before = await versions();
    for (const type of Object.keys(ALL)) {
      const csv = await exported(type);
      const report = await loaded(type, csv);
      const rows = type === 'stockCardLineItemReasons' ? await count('/stockCardLineItemReasons') : ALL[type as keyof typeof ALL].trim().split('\n').length - 1;
      expect({ type, created: report.created, rows: report.rows }).toEqual({ type, created: 0, rows });
      expect(await exported(type)).toBe(csv);
    }
    expect(await versions()).toEqual(before);
    expect(await exported('supervisoryNodes')).toBe(
      'Supervisory Node Code,Supervisory Node Name,Description,Parent Node,Facility Code\nSN1,FP Approval point,Family Planning approval point,,HF01\nSN2,EM Approval point,,,WH01\nSN1.1,FP Approval sub point,Family Planning approval sub point,SN1,DH01\n',
    );
    expect(await exported('stockCardLineItemReasons')).toContain('\nCount,Physical Inventory,Balance Adjustment,FALSE,"cold chain,",\n');
    expect(await exported('validSources')).toContain('\nPRG001,health_center,,Global Donor,\n');
    expect(await exported('validDestinations')).toContain('\nPRG001,warehouse,HF01,,District\n');
  });

  it('dry runs of supervision files write nothing', async () => {
    const before = [await get('/supervisoryNodes'), await get('/requisitionGroups')];
    const node = await upload('supervisoryNodes', 'Supervisory Node Code,Supervisory Node Name,Parent Node\nSN3,New point,SN2\n', 'wait=true&dryRun=true');
    expect(node).toMatchObject({ status: 200, body: { status: 'succeeded', report: { committed: false, created: 1, errors: [] } } });
    const member = await upload('requisitionGroupMembers', 'Requisition Group Code,Facility Code\nRGEM1,HF02\n', 'wait=true&dryRun=true');
    expect(member).toMatchObject({ status: 200, body: { status: 'succeeded', report: { committed: false, created: 1, errors: [] } } });
    expect([await get('/supervisoryNodes'), await get('/requisitionGroups')]).toEqual(before);
  });

  it('a changed requisition group keeps the members and schedules its file leaves out', async () => {
    const changed = SUPERVISION.requisitionGroups.replace('RG Family Planning 1', 'RG Family Planning One');
    expect(await loaded('requisitionGroups', changed)).toMatchObject({ created: 0, updated: 3 });
    const rgfp1 = await one('/requisitionGroups?code=RGFP1');
    expect(rgfp1).toMatchObject({ name: 'RG Family Planning One', programSchedules: [expect.objectContaining({ directDelivery: true })] });
    expect(rgfp1.memberFacilityIds).toHaveLength(2);
  });

  it('a schedule row replaces the group\'s schedule for that program', async () => {
    await loaded('requisitionGroupProgramSchedules', 'Requisition Group Code,Program,Processing Schedule,Direct Delivery\nRGFP1,PRG001,QPS,TRUE\n');
    expect((await one('/requisitionGroups?code=RGFP1')).programSchedules).toEqual([expect.objectContaining({ processingScheduleId: (await one('/processingSchedules?code=QPS')).id })]);
  });
});

describe('files with bad rows are refused whole, every error by row and column', () => {
  async function refused(type: string, csv: string, expected: Array<[number, string | undefined]>, unchangedCount: string) {
    const before = await get(unchangedCount);
    const reply = await upload(type, csv);
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ status: 'rejected', report: { committed: false } });
    expect(errorsOf(reply)).toEqual(expected);
    expect(await get(unchangedCount)).toEqual(before);
    return reply.body.report.errors.map((e: any) => e.message) as string[];
  }

  it('supervisory nodes: a parent after its child, an unknown facility, a cycle, its own parent, a repeat', async () => {
    const messages = await refused(
      'supervisoryNodes',
      `Supervisory Node Code,Supervisory Node Name,Parent Node,Facility Code
SN9,Child first,SN8,
SN8,Parent later,,
SN7,Bad facility,,NOPE
SN1,FP Approval point,SN1.1,HF01
SN6,Own parent,SN6,
SN8,Twice,,
SN5,A zone,,BLK
`,
      [[2, 'Parent Node'], [4, 'Facility Code'], [5, 'Parent Node'], [6, 'Parent Node'], [7, 'Supervisory Node Code'], [8, 'Facility Code']],
      '/supervisoryNodes',
    );
    expect(messages[0]).toMatch(/no supervisory node with code "SN8".*earlier row/);
    expect(messages[1]).toMatch(/no facility with code "NOPE"/);
    expect(messages[2]).toMatch(/hierarchy would loop/);
    expect(messages[4]).toMatch(/repeats row 3/);
    expect(messages[5]).toMatch(/"BLK" is a jurisdiction, not a facility/);
  });

  it('requisition groups: an unknown node, a node that already supervises a group', async () => {
    await refused('requisitionGroups', 'Requisition Group Code,Requisition Group Name,Supervisory Node Code\nRGX,New group,SN404\nRGY,Other group,SN1\n', [[2, 'Supervisory Node Code'], [3, 'Supervisory Node Code']], '/requisitionGroups');
  });

  it('members: unknown facility, a facility that would get a program from two groups', async () => {
    const messages = await refused('requisitionGroupMembers', 'Requisition Group Code,Facility Code\nRGFP2,NOPE\nRGFP2,HF01\nRG404,HF01\nRGFP2,HF03\n', [[2, 'Facility Code'], [3, 'Facility Code'], [4, 'Requisition Group Code']], '/requisitionGroups');
    expect(messages[1]).toMatch(/already gets program "PRG001" from requisition group "RGFP1"/);
  });

  it('program schedules: unknown program and schedule, two schedules for one program, a drop-off with direct delivery', async () => {
    const messages = await refused(
      'requisitionGroupProgramSchedules',
      `Requisition Group Code,Program,Processing Schedule,Direct Delivery,Drop off Facility
RGEM1,PRG404,MPS,TRUE,
RGEM1,PRG002,YEARLY,TRUE,
RGFP2,PRG002,MPS,TRUE,
RGFP2,PRG002,QPS,TRUE,
RGEM1,PRG002,MPS,TRUE,WH01
RGEM1,PRG002,MPS,FALSE,NOPE
RGFP2,PRG001,MPS,sometimes,
`,
      [[2, 'Program'], [3, 'Processing Schedule'], [5, 'Requisition Group Code'], [6, 'Drop off Facility'], [7, 'Drop off Facility'], [8, 'Direct Delivery']],
      '/requisitionGroups',
    );
    expect(messages[2]).toMatch(/repeats row 4 \(RGFP2 \/ PRG002\)/);
  });

  it('supply lines: unknown program, node and facility, two lines for one node and program', async () => {
    await refused(
      'supplyLines',
      'Program,Supervisory Node,Supplying Facility\nPRG404,SN1,WH01\nPRG002,SN404,WH01\nPRG002,SN1,NOPE\nPRG002,SN1.1,WH01\nEssential Meds,SN1.1,WH02\n',
      [[2, 'Program'], [3, 'Supervisory Node'], [4, 'Supplying Facility'], [6, 'Program']],
      '/supplyLines',
    );
  });

  it('reasons: unknown category, a type the category does not allow, a repeat, no name', async () => {
    await refused(
      'stockCardLineItemReasons',
      'Name,Category,Type\nSideways,Sideways,Credit\nWrong balance,Adjustment,Balance Adjustment\nExpired,Adjustment,Debit\nExpired,Adjustment,Debit\n,Adjustment,Debit\n',
      [[2, 'Category'], [3, 'Type'], [5, 'Name'], [6, 'Name']],
      '/stockCardLineItemReasons',
    );
  });

  it('valid reasons: unknown reason, program and facility type, a bad Show', async () => {
    await refused('validReasons', 'Reason,Program,Facility Type,Show\nNope,PRG001,health_center,TRUE\nDamage,PRG404,spaceport,TRUE\nDamage,PRG001,warehouse,perhaps\n', [[2, 'Reason'], [3, 'Program'], [3, 'Facility Type'], [4, 'Show']], '/validReasons');
  });

  it('valid sources: unknown facility and organization, both or neither named, a zone as a facility, a repeat', async () => {
    await refused(
      'validSources',
      `Program,Facility Type Code,Facility Code,Organization Name
PRG002,warehouse,NOPE,
PRG002,warehouse,,Nobody
PRG002,warehouse,WH01,Global Donor
PRG002,warehouse,,
PRG002,warehouse,BLK,
PRG002,warehouse,WH02,
PRG002,warehouse,WH02,
`,
      [[2, 'Facility Code'], [3, 'Organization Name'], [4, 'Organization Name'], [5, 'Facility Code'], [6, 'Facility Code'], [8, 'Program']],
      '/validSources',
    );
  });
});
