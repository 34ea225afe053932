/**
 * facilityTypeApprovedProducts.csv and idealStockAmounts.csv: the guide's example tables load; a
 * file with any bad row is refused whole with every error by row and column and writes nothing;
 * dry runs write nothing; re-importing writes no new versions; an export imports back unchanged.
 */
import { startFixture, type Fixture } from './approved-products-fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.app.stop());

const errorsOf = (reply: { body: any }) => reply.body.report.errors.map((e: any) => [e.row, e.column]);

describe('facilityTypeApprovedProducts.csv', () => {
  const GUIDE = `facilityType (required),orderable (required),program (required),maxPeriodsOfStock (required),minPeriodsOfStock (optional),emergencyOrderPoint (optional)
heac,TB000100,em,3,3,1.5
heac,TB000100,tb,3,3,1.5
DHO,TB000100,em,3,3,1.5
DHO,TB000100,tb,3,3,1.5
`;
  const approvals = async () => (await f.api('GET', '/facilityTypeApprovedProducts?sort=facilityType&sort=program')).body.content;

  it('loads the guide\'s table', async () => {
    const reply = await f.upload('facilityTypeApprovedProducts', GUIDE);
    expect(reply).toMatchObject({ status: 200, body: { status: 'succeeded', report: { committed: true, created: 4, updated: 0, errors: [] } } });
    const loaded = await approvals();
    expect(loaded.map((a: any) => [a.facilityType.code, a.orderable.productCode, a.program.code, a.maxPeriodsOfStock, a.minPeriodsOfStock, a.emergencyOrderPoint, a.versionNumber])).toEqual([
      ['DHO', 'TB000100', 'em', 3, 3, 1.5, 1],
      ['DHO', 'TB000100', 'tb', 3, 3, 1.5, 1],
      ['heac', 'TB000100', 'em', 3, 3, 1.5, 1],
      ['heac', 'TB000100', 'tb', 3, 3, 1.5, 1],
    ]);
  });

  it('re-imports idempotently (no new versions), and a changed row writes one new version', async () => {
    const again = await f.upload('facilityTypeApprovedProducts', GUIDE);
    expect(again.body.report).toMatchObject({ created: 0, updated: 4, errors: [] });
    expect((await approvals()).map((a: any) => a.versionNumber)).toEqual([1, 1, 1, 1]);

    const changed = await f.upload('facilityTypeApprovedProducts', 'facilityType,orderable,program,maxPeriodsOfStock,minPeriodsOfStock\nheac,TB000100,tb,4,2\n');
    expect(changed.body.report).toMatchObject({ committed: true, created: 0, updated: 1 });
    const heacTb = (await approvals()).find((a: any) => a.facilityType.code === 'heac' && a.program.code === 'tb');
    expect(heacTb).toMatchObject({ versionNumber: 2, maxPeriodsOfStock: 4, minPeriodsOfStock: 2, emergencyOrderPoint: null });
  });

  it('refuses a file with bad rows whole, naming each row and column, and writes nothing', async () => {
    const bad = `facilityType,orderable,program,maxPeriodsOfStock,minPeriodsOfStock,emergencyOrderPoint
heac,AA000300,em,2,1,
spaceport,TB000100,em,3,,
heac,XX999,em,3,,
heac,AA000300,tb,3,,
DHO,AA000300,em,,1,
DHO,FP000001,fp,2,3,
heac,FP000001,fp,2,1,-1
heac,AA000300,em,4,,
heac,TB000100,em,abc,,
`;
    const reply = await f.upload('facilityTypeApprovedProducts', bad);
    expect(reply).toMatchObject({ status: 422, body: { status: 'rejected', report: { committed: false } } });
    expect(errorsOf(reply)).toEqual([
      [3, 'facilityType'],
      [4, 'orderable'],
      [5, 'orderable'],
      [6, 'maxPeriodsOfStock'],
      [7, 'minPeriodsOfStock'],
      [8, 'emergencyOrderPoint'],
      [9, 'facilityType'],
      [10, 'maxPeriodsOfStock'],
    ]);
    expect(reply.body.report.errors[2].message).toContain('not ordered under program tb');
    expect((await f.api('GET', `/facilityTypeApprovedProducts?orderableId=${f.ids.AA000300}`)).body.totalElements).toBe(0);
  });

  it('validates a dry run without writing', async () => {
    const reply = await f.upload('facilityTypeApprovedProducts', 'facilityType,orderable,program,maxPeriodsOfStock\nheac,AA000300,em,2\n', 'wait=true&dryRun=true');
    expect(reply).toMatchObject({ status: 200, body: { dryRun: true, report: { committed: false, created: 1, errors: [] } } });
    expect((await f.api('GET', `/facilityTypeApprovedProducts?orderableId=${f.ids.AA000300}`)).body.totalElements).toBe(0);
  });

  it('exports the active approvals in the guide\'s columns, and the export imports back unchanged', async () => {
    const csv = await f.exported('facilityTypeApprovedProducts');
    expect(csv).toBe(`facilityType,orderable,program,maxPeriodsOfStock,minPeriodsOfStock,emergencyOrderPoint
DHO,TB000100,em,3,3,1.5
DHO,TB000100,tb,3,3,1.5
heac,TB000100,em,3,3,1.5
heac,TB000100,tb,4,2,
`);
    const reply = await f.upload('facilityTypeApprovedProducts', csv);
    expect(reply.body.report).toMatchObject({ committed: true, created: 0, errors: [] });
    expect((await approvals()).map((a: any) => a.versionNumber)).toEqual([1, 1, 1, 2]);
    expect(await f.exported('facilityTypeApprovedProducts')).toBe(csv);
  });
});

describe('idealStockAmounts.csv', () => {
  const GUIDE = `Facility code (required),Commodity Type (required),Period (required),ISA (optional)
N030,UNSPSC|51201621,SCH001|Mar2018,8900
N080,UNSPSC|51201647,SCH001|Dec2017,1000
`;
  const amounts = async () => (await f.api('GET', '/idealStockAmounts?sort=facilityId')).body.content;

  it('loads the guide\'s table, and re-imports it without changing anything', async () => {
    const reply = await f.upload('idealStockAmounts', GUIDE);
    expect(reply).toMatchObject({ status: 200, body: { report: { committed: true, created: 2, updated: 0, errors: [] } } });
    const again = await f.upload('idealStockAmounts', GUIDE);
    expect(again.body.report).toMatchObject({ committed: true, created: 0, updated: 2, errors: [] });
    const loaded = await amounts();
    expect(loaded.map((a: any) => [a.facility.code, a.commodityType.classificationId, a.processingPeriod.name, a.amount, a.version]).sort()).toEqual([
      ['N030', '51201621', 'Mar2018', 8900, 1],
      ['N080', '51201647', 'Dec2017', 1000, 1],
    ]);
  });

  it('refuses a file with bad rows whole, naming each row and column, and writes nothing', async () => {
    const bad = `Facility code,Commodity Type,Period,ISA
N030,UNSPSC|51201647,SCH001|Jan2018,10
XX01,UNSPSC|51201621,SCH001|Jan2018,10
NU,UNSPSC|51201621,SCH001|Jan2018,10
N030,51201621,SCH001|Jan2018,10
N030,UNSPSC|51201621,SCH001|Apr2018,10
N030,UNSPSC|51201621,SCH001|Jan2018,-5
N030,UNSPSC|51201621,SCH001|Feb2018,1.5
N030,UNSPSC|51201621,SCH001|Feb2018,
N030,UNSPSC|51201647,SCH001|Jan2018,20
`;
    const reply = await f.upload('idealStockAmounts', bad);
    expect(reply.status).toBe(422);
    expect(errorsOf(reply)).toEqual([
      [3, 'Facility code'],
      [4, 'Facility code'],
      [5, 'Commodity Type'],
      [6, 'Period'],
      [7, 'ISA'],
      [8, 'ISA'],
      [9, 'ISA'],
      [10, 'Facility code'],
    ]);
    expect((await f.api('GET', `/idealStockAmounts?processingPeriodId=${f.ids.Jan2018}`)).body.totalElements).toBe(0);
  });

  it('validates a dry run without writing', async () => {
    const reply = await f.upload('idealStockAmounts', 'Facility code,Commodity Type,Period,ISA\nN030,UNSPSC|51201621,SCH001|Jan2018,5\n', 'wait=true&dryRun=true');
    expect(reply).toMatchObject({ status: 200, body: { report: { committed: false, created: 1, errors: [] } } });
    expect((await f.api('GET', `/idealStockAmounts?processingPeriodId=${f.ids.Jan2018}`)).body.totalElements).toBe(0);
  });

  it('an update changes only what it names; the export imports back unchanged', async () => {
    const update = await f.upload('idealStockAmounts', 'Facility code,Commodity Type,Period,ISA\nN030,UNSPSC | 51201621,SCH001 | Mar2018,9100\n');
    expect(update.body.report).toMatchObject({ committed: true, created: 0, updated: 1 });
    const csv = await f.exported('idealStockAmounts');
    const [header, ...rows] = csv.trimEnd().split('\n');
    expect(header).toBe('Facility code,Commodity Type,Period,ISA');
    expect(rows.sort()).toEqual(['N030,UNSPSC|51201621,SCH001|Mar2018,9100', 'N080,UNSPSC|51201647,SCH001|Dec2017,1000']);
    const reply = await f.upload('idealStockAmounts', csv);
    expect(reply.body.report).toMatchObject({ committed: true, created: 0, errors: [] });
    expect((await amounts()).map((a: any) => a.version).sort()).toEqual([1, 2]);
    expect(await f.exported('idealStockAmounts')).toBe(csv);
  });
});
