/**
 * /api/facilityTypeApprovedProducts and /api/idealStockAmounts: the guide's rules (periods of
 * stock, min ≤ max, the orderable ordered under the program, a facility that is a facility),
 * uniqueness, OpenLMIS versioning of approved products (every update a new version, old ones
 * readable, DELETE deactivates), optimistic locking, paging and filters, and OpenLMIS's bulk save
 * of ideal stock amounts.
 */
import { startFixture, UNKNOWN_UUID, type Fixture } from './approved-products-fixture.js';

let f: Fixture;
let ids: Fixture['ids'];
beforeAll(async () => {
  f = await startFixture();
  ids = f.ids;
});
afterAll(() => f.app.stop());

const ERROR = 'referenceData.error.facilityTypeApprovedProduct';
const FTAPS = '/facilityTypeApprovedProducts';

/** An approval of `orderable` for `facilityType` under `program`, with the guide's example settings. */
function approval(facilityType: string, orderable: string, program: string, extra: Record<string, unknown> = {}) {
  return { facilityType: { id: ids[facilityType] }, orderable: { id: ids[orderable] }, program: { id: ids[program] }, maxPeriodsOfStock: 3, minPeriodsOfStock: 3, emergencyOrderPoint: 1.5, ...extra };
}

describe('facility type approved products', () => {
  it('approves the guide\'s TB000100 for health centers under Essential Meds and reads it back', async () => {
    const made = await f.api('POST', FTAPS, approval('heac', 'TB000100', 'em'));
    expect(made.status).toBe(201);
    expect(made.headers.get('etag')).toBe('W/"1"');
    expect(made.body).toEqual({
      id: expect.any(String),
      versionNumber: 1,
      lastUpdated: expect.any(String),
      facilityType: { id: ids.heac, code: 'heac', name: 'Health Center' },
      program: { id: ids.em, code: 'em', name: 'Essential Meds' },
      orderable: { id: ids.TB000100, productCode: 'TB000100', fullProductName: 'Product TB000100', versionNumber: 1 },
      maxPeriodsOfStock: 3,
      minPeriodsOfStock: 3,
      emergencyOrderPoint: 1.5,
      active: true,
    });
    expect((await f.api('GET', `${FTAPS}/${made.body.id}`)).body).toEqual(made.body);
  });

  it.each([
    ['no minimum nor emergency order point', { minPeriodsOfStock: undefined, emergencyOrderPoint: undefined }, { minPeriodsOfStock: null, emergencyOrderPoint: null }],
    ['a minimum of 0 and null emergency order point', { minPeriodsOfStock: 0, emergencyOrderPoint: null }, { minPeriodsOfStock: 0, emergencyOrderPoint: null }],
    ['a minimum equal to the maximum', { maxPeriodsOfStock: 2.5, minPeriodsOfStock: 2.5 }, { maxPeriodsOfStock: 2.5, minPeriodsOfStock: 2.5 }],
    ['fractions of periods', { maxPeriodsOfStock: 0.25, minPeriodsOfStock: 0.1, emergencyOrderPoint: 0 }, { maxPeriodsOfStock: 0.25, minPeriodsOfStock: 0.1, emergencyOrderPoint: 0 }],
  ])('accept %s', async (_label, settings, expected) => {
    const made = await f.api('POST', FTAPS, approval('DHO', 'AA000300', 'em', { ...settings, active: false }));
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ ...expected, active: false });
  });

  it.each([
    ['no maximum', { maxPeriodsOfStock: undefined }, 400, `${ERROR}.invalid`, 'maxPeriodsOfStock'],
    ['a maximum of 0', { maxPeriodsOfStock: 0 }, 400, `${ERROR}.invalid`, 'maxPeriodsOfStock'],
    ['a maximum as text', { maxPeriodsOfStock: '3' }, 400, `${ERROR}.invalid`, 'maxPeriodsOfStock'],
    ['a negative minimum', { minPeriodsOfStock: -1 }, 400, `${ERROR}.invalid`, 'minPeriodsOfStock'],
    ['a negative emergency order point', { emergencyOrderPoint: -0.5 }, 400, `${ERROR}.invalid`, 'emergencyOrderPoint'],
    ['a minimum above the maximum', { maxPeriodsOfStock: 2, minPeriodsOfStock: 3 }, 400, `${ERROR}.minPeriodsOfStock.aboveMax`, 'minPeriodsOfStock'],
    ['an unknown facility type', { facilityType: { id: UNKNOWN_UUID } }, 400, `${ERROR}.facilityType.notFound`, 'facilityType'],
    ['an unknown program', { program: { id: UNKNOWN_UUID } }, 400, `${ERROR}.program.notFound`, 'program'],
    ['an unknown orderable', { orderable: { id: UNKNOWN_UUID } }, 400, `${ERROR}.orderable.notFound`, 'orderable'],
    ['a reference that is not a UUID', { orderable: { id: 'TB000100' } }, 400, `${ERROR}.invalid`, 'orderable.id'],
    ['an unknown field', { colour: 'red' }, 400, `${ERROR}.invalid`, 'colour'],
  ])('refuse %s', async (_label, change, status, messageKey, field) => {
    const reply = await f.api('POST', FTAPS, approval('DHO', 'TB000100', 'tb', change));
    expect({ status: reply.status, messageKey: reply.body.messageKey }).toEqual({ status, messageKey });
    expect(Object.keys(reply.body.details.fieldErrors)).toContain(field);
  });

  it('refuse an orderable that its program does not order (OpenLMIS requires the orderable in the program)', async () => {
    const reply = await f.api('POST', FTAPS, approval('heac', 'FP000001', 'em'));
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ messageKey: `${ERROR}.orderable.notInProgram`, details: { fieldErrors: { orderable: expect.stringContaining('FP000001') } } });
  });

  it('allow one active approval per facility type, orderable and program (409), as many inactive ones as wanted', async () => {
    const first = await f.api('POST', FTAPS, approval('DHO', 'FP000001', 'fp'));
    expect(first.status).toBe(201);
    const second = await f.api('POST', FTAPS, approval('DHO', 'FP000001', 'fp', { maxPeriodsOfStock: 5 }));
    expect(second).toMatchObject({ status: 409, body: { messageKey: `${ERROR}.duplicated` } });
    expect((await f.api('POST', FTAPS, approval('DHO', 'FP000001', 'fp', { active: false }))).status).toBe(201);
    const racing = await Promise.all([1, 2].map(() => f.api('POST', FTAPS, approval('heac', 'AA000300', 'em'))));
    expect(racing.map((reply) => reply.status).sort()).toEqual([201, 409]);
    await f.api('DELETE', `${FTAPS}/${racing.find((reply) => reply.status === 201)!.body.id}`);

    expect((await f.api('DELETE', `${FTAPS}/${first.body.id}`)).status).toBe(204);
    const replacement = await f.api('POST', FTAPS, approval('DHO', 'FP000001', 'fp', { maxPeriodsOfStock: 5 }));
    expect(replacement.status).toBe(201);
    // The old one cannot come back while its replacement is active.
    const revived = await f.api('PUT', `${FTAPS}/${first.body.id}`, approval('DHO', 'FP000001', 'fp', { active: true }));
    expect(revived).toMatchObject({ status: 409, body: { messageKey: `${ERROR}.duplicated` } });
  });
});

describe('approved product versions', () => {
  let id: string;
  beforeAll(async () => {
    id = (await f.created(FTAPS, approval('heac', 'TB000100', 'tb'))).id;
  });

  it('every update writes a new version; old versions stay readable', async () => {
    const updated = await f.api('PUT', `${FTAPS}/${id}`, approval('heac', 'TB000100', 'tb', { maxPeriodsOfStock: 4 }), { 'If-Match': 'W/"1"' });
    expect(updated).toMatchObject({ status: 200, body: { id, versionNumber: 2, maxPeriodsOfStock: 4 } });
    expect(updated.headers.get('etag')).toBe('W/"2"');
    expect((await f.api('GET', `${FTAPS}/${id}?versionNumber=1`)).body).toMatchObject({ versionNumber: 1, maxPeriodsOfStock: 3 });
    expect((await f.api('GET', `${FTAPS}/${id}`)).body).toMatchObject({ versionNumber: 2, maxPeriodsOfStock: 4 });
    const versions = await f.api('GET', `${FTAPS}/${id}/versions`);
    expect(versions.body.content.map((v: any) => [v.versionNumber, v.maxPeriodsOfStock])).toEqual([[1, 3], [2, 4]]);
  });

  it('a read sent back is an update; a stale version (If-Match or versionNumber) answers 409', async () => {
    const current = (await f.api('GET', `${FTAPS}/${id}`)).body;
    const stale = await f.api('PUT', `${FTAPS}/${id}`, { ...current, maxPeriodsOfStock: 6, versionNumber: current.versionNumber - 1 });
    expect(stale).toMatchObject({ status: 409, body: { messageKey: `${ERROR}.versionConflict` } });
    expect((await f.api('PUT', `${FTAPS}/${id}`, current, { 'If-Match': 'W/"1"' })).status).toBe(409);
    const resent = await f.api('PUT', `${FTAPS}/${id}`, { ...current, emergencyOrderPoint: 2 });
    expect(resent).toMatchObject({ status: 200, body: { versionNumber: current.versionNumber + 1, emergencyOrderPoint: 2 } });
  });

  it('an approval keeps its facility type, orderable and program; ids must agree', async () => {
    const moved = await f.api('PUT', `${FTAPS}/${id}`, approval('DHO', 'TB000100', 'tb'));
    expect(moved).toMatchObject({ status: 400, body: { messageKey: `${ERROR}.approval.immutable`, details: { fieldErrors: { facilityType: expect.any(String) } } } });
    const mismatch = await f.api('PUT', `${FTAPS}/${id}`, { ...approval('heac', 'TB000100', 'tb'), id: UNKNOWN_UUID });
    expect(mismatch).toMatchObject({ status: 400, body: { messageKey: `${ERROR}.idMismatch` } });
  });

  it('unknown approvals and versions are 404', async () => {
    expect((await f.api('GET', `${FTAPS}/${UNKNOWN_UUID}`)).body.messageKey).toBe(`${ERROR}.notFound`);
    expect((await f.api('GET', `${FTAPS}/not-a-uuid`)).status).toBe(404);
    expect((await f.api('GET', `${FTAPS}/${id}?versionNumber=99`)).body).toMatchObject({ messageKey: `${ERROR}.versionNotFound` });
    expect((await f.api('PUT', `${FTAPS}/${UNKNOWN_UUID}`, approval('heac', 'TB000100', 'tb'))).status).toBe(404);
    expect((await f.api('DELETE', `${FTAPS}/${UNKNOWN_UUID}`)).status).toBe(404);
  });

  it('DELETE deactivates with a new version, once', async () => {
    const before = (await f.api('GET', `${FTAPS}/${id}`)).body;
    expect((await f.api('DELETE', `${FTAPS}/${id}`)).status).toBe(204);
    expect((await f.api('DELETE', `${FTAPS}/${id}`)).status).toBe(204);
    const after = (await f.api('GET', `${FTAPS}/${id}`)).body;
    expect(after).toMatchObject({ versionNumber: before.versionNumber + 1, active: false, maxPeriodsOfStock: before.maxPeriodsOfStock });
  });
});

describe('listing approved products', () => {
  const list = async (query: string) => {
    const reply = await f.api('GET', `${FTAPS}?${query}`);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const keys = (page: any) => page.content.map((p: any) => `${p.facilityType.code}/${p.orderable.productCode}/${p.program.code}`).sort();

  it('shows active approvals unless asked for inactive ones', async () => {
    expect(keys(await list('facilityType=heac'))).toEqual(['heac/TB000100/em']);
    expect((await list('facilityType=heac&active=false')).content.every((p: any) => !p.active)).toBe(true);
  });

  it('filters by facility type and program, by code or id, by orderable and by full supply', async () => {
    expect(keys(await list(`facilityType=${ids.DHO}&program=fp`))).toEqual(['DHO/FP000001/fp']);
    expect(keys(await list(`facilityType=heac,DHO&program=${ids.em}`))).toEqual(['heac/TB000100/em']);
    expect(keys(await list(`orderableId=${ids.FP000001}`))).toEqual(['DHO/FP000001/fp']);
    await f.created(FTAPS, approval('DHO', 'TB000100', 'tb'));
    expect(keys(await list('fullSupply=false'))).toEqual(['DHO/TB000100/tb']);
    expect(keys(await list('fullSupply=true'))).toEqual(['DHO/FP000001/fp', 'heac/TB000100/em']);
  });

  it('pages and sorts', async () => {
    const first = await list('page=0&size=2&sort=productCode,desc');
    expect(first).toMatchObject({ totalElements: 3, totalPages: 2, size: 2, number: 0, numberOfElements: 2, first: true, last: false });
    expect(first.content.map((p: any) => p.orderable.productCode)).toEqual(['TB000100', 'TB000100']);
    expect((await list('page=1&size=2&sort=productCode,desc')).content.map((p: any) => p.orderable.productCode)).toEqual(['FP000001']);
  });

  it.each(['active=maybe', 'orderableId=TB000100', 'fullSupply=1', 'page=0&size=0', 'sort=colour'])('refuses the malformed query %s', async (query) => {
    expect((await f.api('GET', `${FTAPS}?${query}`)).status).toBe(400);
  });
});

describe('ideal stock amounts', () => {
  const ISAS = '/idealStockAmounts';
  const ISA_ERROR = 'referenceData.error.idealStockAmount';
  const amount = (facility: string, commodityType: string, period: string, value: unknown = 8900) => ({
    facility: { id: ids[facility] ?? facility },
    commodityType: { id: ids[commodityType] ?? commodityType },
    processingPeriod: { id: ids[period] ?? period },
    amount: value,
  });

  it('creates the guide\'s N030 measles amount for Mar2018 and reads it back', async () => {
    const made = await f.api('POST', ISAS, amount('N030', 'measles', 'Mar2018'));
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      id: expect.any(String),
      facility: { id: ids.N030, code: 'N030', name: 'Facility N030' },
      commodityType: { id: ids.measles, name: 'Measles vaccine', classificationSystem: 'UNSPSC', classificationId: '51201621' },
      processingPeriod: { id: ids.Mar2018, name: 'Mar2018', processingScheduleId: ids.SCH001, startDate: '2018-03-01', endDate: '2018-03-31' },
      amount: 8900,
      version: 1,
    });
    expect((await f.api('GET', `${ISAS}/${made.body.id}`)).body).toEqual(made.body);
  });

  it.each([
    ['a negative amount', () => amount('N030', 'bcg', 'Mar2018', -1), `${ISA_ERROR}.invalid`, 'amount'],
    ['a fractional amount', () => amount('N030', 'bcg', 'Mar2018', 1.5), `${ISA_ERROR}.invalid`, 'amount'],
    ['no amount', () => ({ ...amount('N030', 'bcg', 'Mar2018'), amount: undefined }), `${ISA_ERROR}.invalid`, 'amount'],
    ['an unknown facility', () => amount('nowhere', 'bcg', 'Mar2018'), `${ISA_ERROR}.facility.notFound`, 'facility'],
    ['a zone as the facility', () => amount('NU', 'bcg', 'Mar2018'), `${ISA_ERROR}.facility.notAFacility`, 'facility'],
    ['an unknown commodity type', () => amount('N030', UNKNOWN_UUID, 'Mar2018'), `${ISA_ERROR}.commodityType.notFound`, 'commodityType'],
    ['an unknown period', () => amount('N030', 'bcg', UNKNOWN_UUID), `${ISA_ERROR}.processingPeriod.notFound`, 'processingPeriod'],
  ])('refuse %s', async (_label, body, messageKey, field) => {
    const reply = await f.api('POST', ISAS, body());
    expect({ status: reply.status, messageKey: reply.body.messageKey }).toEqual({ status: 400, messageKey });
    expect(Object.keys(reply.body.details.fieldErrors)).toContain(field);
  });

  it('allow one amount per facility, commodity type and period', async () => {
    const again = await f.api('POST', ISAS, amount('N030', 'measles', 'Mar2018', 1));
    expect(again).toMatchObject({ status: 409, body: { messageKey: `${ISA_ERROR}.duplicated` } });
  });

  it('update with optimistic locking', async () => {
    const made = await f.created(ISAS, amount('N080', 'bcg', 'Dec2017', 1000));
    const updated = await f.api('PUT', `${ISAS}/${made.id}`, { ...made, amount: 1200 });
    expect(updated).toMatchObject({ status: 200, body: { amount: 1200, version: 2 } });
    const stale = await f.api('PUT', `${ISAS}/${made.id}`, { ...made, amount: 1300 });
    expect(stale).toMatchObject({ status: 409, body: { messageKey: `${ISA_ERROR}.versionConflict` } });
    expect((await f.api('PUT', `${ISAS}/${made.id}`, amount('N080', 'bcg', 'Dec2017', 5), { 'If-Match': 'W/"1"' })).status).toBe(409);
    const mismatch = await f.api('PUT', `${ISAS}/${made.id}`, { ...amount('N080', 'bcg', 'Dec2017', 5), id: UNKNOWN_UUID });
    expect(mismatch).toMatchObject({ status: 400, body: { messageKey: `${ISA_ERROR}.idMismatch` } });
    const clash = await f.api('PUT', `${ISAS}/${made.id}`, amount('N030', 'measles', 'Mar2018', 5));
    expect(clash).toMatchObject({ status: 409, body: { messageKey: `${ISA_ERROR}.duplicated` } });
  });

  it('PUT on the collection saves a list by facility, commodity type and period, all or nothing', async () => {
    const saved = await f.api('PUT', ISAS, [amount('N030', 'measles', 'Mar2018', 9000), amount('N030', 'measles', 'Feb2018', 700)]);
    expect(saved.status).toBe(200);
    expect(saved.body.map((a: any) => [a.processingPeriod.name, a.amount])).toEqual([['Mar2018', 9000], ['Feb2018', 700]]);

    const refused = await f.api('PUT', ISAS, [amount('N030', 'measles', 'Jan2018', 1), amount('NU', 'measles', 'Jan2018', 2)]);
    expect(refused).toMatchObject({ status: 400, body: { messageKey: `${ISA_ERROR}.facility.notAFacility`, details: { fieldErrors: { '1.facility': expect.any(String) } } } });
    const repeated = await f.api('PUT', ISAS, [amount('N030', 'measles', 'Jan2018', 1), amount('N030', 'measles', 'Jan2018', 2)]);
    expect(repeated).toMatchObject({ status: 400, body: { messageKey: `${ISA_ERROR}.repeated` } });
    expect((await f.api('GET', `${ISAS}?processingPeriodId=${ids.Jan2018}`)).body.totalElements).toBe(0);
  });

  it('list by facility, commodity type and period, paged', async () => {
    const byFacility = (await f.api('GET', `${ISAS}?facilityId=${ids.N030}&sort=startDate,asc`)).body;
    expect(byFacility.content.map((a: any) => [a.processingPeriod.name, a.amount])).toEqual([['Feb2018', 700], ['Mar2018', 9000]]);
    expect((await f.api('GET', `${ISAS}?commodityTypeId=${ids.bcg}`)).body.content.map((a: any) => a.facility.code)).toEqual(['N080']);
    const page = (await f.api('GET', `${ISAS}?page=1&size=2`)).body;
    expect(page).toMatchObject({ totalElements: 3, totalPages: 2, numberOfElements: 1, last: true });
    expect((await f.api('GET', `${ISAS}?commodityTypeId=bcg`)).status).toBe(400);
  });
});
