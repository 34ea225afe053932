/**
 * The product catalogue around orderables: display categories and dispensing units (coded
 * entities), commodity types (a tree per classification system), trade items (GTIN check digits)
 * and lots. Orderables have their own file.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { gtinCheckDigit, gtinProblem } from '../../api/referencedata/trade-items/gtin.js';
import { commodityTypeService } from '../../api/referencedata/commodity-types/commodity-type.service.js';
import { tradeItemService } from '../../api/referencedata/trade-items/trade-item.service.js';
import { lotService } from '../../api/referencedata/lots/lot.service.js';
import type { TradeItemClassificationInput } from '../../api/referencedata/trade-items/trade-item.schema.js';
import { apiCall } from '../helpers/api.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return apiCall(app.url, method, path, body, headers);
}

async function created(path: string, body: unknown) {
  const reply = await api('POST', path, body);
  if (reply.status !== 201) throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const UNKNOWN = '7c1d7e1a-0000-4000-8000-000000000000';

describe.each([
  ['/orderableDisplayCategories', 'orderableDisplayCategory', { code: 'FP', name: 'Family Planning', displayOrder: 10 }],
  ['/dispensingUnits', 'dispensingUnit', { code: 'mg', name: 'Milligram', displayOrder: 1 }],
])('%s (the guide\'s product categories and dosage units)', (path, key, valid) => {
  it('creates, reads and updates with optimistic locking', async () => {
    const made = await api('POST', path, valid);
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ id: expect.any(String), ...valid, description: null, version: 1 });
    const updated = await api('PUT', `${path}/${made.body.id}`, { ...made.body, displayOrder: 11 }, { 'If-Match': 'W/"1"' });
    expect(updated.body).toMatchObject({ displayOrder: 11, version: 2 });
    const stale = await api('PUT', `${path}/${made.body.id}`, { ...made.body, displayOrder: 12 }, { 'If-Match': 'W/"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.messageKey).toBe(`referenceData.error.${key}.versionConflict`);
  });

  it.each([
    ['no display order', { code: 'a1', name: 'x' }, 'displayOrder'],
    ['a negative display order', { code: 'a2', name: 'x', displayOrder: -1 }, 'displayOrder'],
    ['a fractional display order', { code: 'a3', name: 'x', displayOrder: 1.5 }, 'displayOrder'],
    ['no code', { name: 'x', displayOrder: 1 }, 'code'],
    ['no name', { code: 'a4', displayOrder: 1 }, 'name'],
  ])('refuses %s', async (_label, body, field) => {
    const reply = await api('POST', path, body);
    expect(reply.status).toBe(400);
    expect(reply.body.messageKey).toBe(`referenceData.error.${key}.invalid`);
    expect(reply.body.details.fieldErrors).toHaveProperty(field);
  });

  it('keeps codes unique and case-sensitive, and lists in display order', async () => {
    expect((await api('POST', path, { ...valid, displayOrder: 3 })).status).toBe(409);
    await created(path, { ...valid, code: valid.code.toUpperCase() === valid.code ? valid.code.toLowerCase() : valid.code.toUpperCase(), displayOrder: 0 });
    const list = await api('GET', path);
    const orders = list.body.content.map((e: { displayOrder: number }) => e.displayOrder);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect((await api('DELETE', `${path}/${list.body.content[0].id}`)).status).toBe(404);
  });
});

describe.each([
  ['/commodityTypes', 'commodityType'],
  ['/tradeItems', 'tradeItem'],
  ['/lots', 'lot'],
])('%s', (path, key) => {
  it('answers 404 for unknown and malformed ids, and has no DELETE', async () => {
    const unknown = await api('GET', `${path}/${UNKNOWN}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.messageKey).toBe(`referenceData.error.${key}.notFound`);
    expect(unknown.body.message).toContain(UNKNOWN);
    expect((await api('GET', `${path}/not-a-uuid`)).status).toBe(404);
    expect((await api('PUT', `${path}/${UNKNOWN}`, {})).status).toBe(400);
    expect((await api('DELETE', `${path}/${UNKNOWN}`)).status).toBe(404);
  });
});

describe('commodity types', () => {
  const type = (classificationId: string, name: string, parentId: string | null = null, classificationSystem = 'UNSPSC') => ({ name, classificationSystem, classificationId, parentId });
  let drugs: { id: string };
  let antiprotozoals: { id: string };
  let mefloquine: { id: string; version: number };

  beforeAll(async () => {
    // The guide's Mefloquine example: Drugs → Antiprotozoals → Mefloquine.
    drugs = await created('/commodityTypes', type('51100000', 'Drugs and Pharmaceutical Products'));
    antiprotozoals = await created('/commodityTypes', type('51101900', 'Antiprotozoals', drugs.id));
    mefloquine = await created('/commodityTypes', type('51101902', 'Mefloquine', antiprotozoals.id));
  });

  it('reads a type and lists its children', async () => {
    const read = await api('GET', `/commodityTypes/${mefloquine.id}`);
    expect(read.body).toEqual({ id: mefloquine.id, ...type('51101902', 'Mefloquine', antiprotozoals.id), version: 1 });
    expect(read.headers.get('etag')).toBe('W/"1"');
    const children = await api('GET', `/commodityTypes/${drugs.id}/children`);
    expect(children.body.content.map((c: { name: string }) => c.name)).toEqual(['Antiprotozoals']);
    expect((await api('GET', `/commodityTypes/${UNKNOWN}/children`)).status).toBe(404);
  });

  it.each([
    ['its own descendant as parent', () => ({ id: drugs.id, body: type('51100000', 'Drugs and Pharmaceutical Products', mefloquine.id) })],
    ['itself as parent', () => ({ id: antiprotozoals.id, body: type('51101900', 'Antiprotozoals', antiprotozoals.id) })],
  ])('refuses a cycle: %s', async (_label, make) => {
    const { id, body } = make();
    const reply = await api('PUT', `/commodityTypes/${id}`, body);
    expect(reply.status).toBe(400);
    expect(reply.body.messageKey).toBe('referenceData.error.commodityType.parent.cycle');
    expect(reply.body.message).toMatch(/cycle/);
    expect(reply.body.details.fieldErrors).toHaveProperty('parentId');
  });

  it.each([
    ['an unknown parent', () => type('X1', 'x', UNKNOWN), 400, 'referenceData.error.commodityType.parent.notFound'],
    ['a parent in another system', () => type('10000000', 'GPC thing', drugs.id, 'GPC'), 400, 'referenceData.error.commodityType.parent.classificationSystem'],
    ['a classification already used', () => type('51101902', 'Mefloquine again'), 409, 'referenceData.error.commodityType.classification.duplicated'],
    ['no classification id', () => ({ name: 'x', classificationSystem: 'UNSPSC' }), 400, 'referenceData.error.commodityType.invalid'],
    ['a malformed parent id', () => type('X2', 'x', 'not-a-uuid'), 400, 'referenceData.error.commodityType.invalid'],
  ])('refuses %s', async (_label, body, status, messageKey) => {
    const reply = await api('POST', '/commodityTypes', body());
    expect(reply.status).toBe(status);
    expect(reply.body.messageKey).toBe(messageKey);
  });

  it('allows the same classification id in another system, and keeps children in their parent\'s system', async () => {
    expect((await api('POST', '/commodityTypes', type('51101902', 'Mefloquine (local)', null, 'LOCAL'))).status).toBe(201);
    const moved = await api('PUT', `/commodityTypes/${antiprotozoals.id}`, type('51101900', 'Antiprotozoals', null, 'GPC'));
    expect(moved.status).toBe(400);
    expect(moved.body.messageKey).toBe('referenceData.error.commodityType.classificationSystem.children');
  });

  it('moves a type to another parent, with optimistic locking', async () => {
    const moved = await api('PUT', `/commodityTypes/${mefloquine.id}`, type('51101902', 'Mefloquine', drugs.id), { 'If-Match': 'W/"1"' });
    expect(moved.body).toMatchObject({ parentId: drugs.id, version: 2 });
    const stale = await api('PUT', `/commodityTypes/${mefloquine.id}`, { ...type('51101902', 'Mefloquine', antiprotozoals.id), version: 1 });
    expect(stale.status).toBe(409);
  });

  it('filters by classification system, classification id, name and parent', async () => {
    const bySystem = await api('GET', '/commodityTypes?classificationSystem=UNSPSC&sort=classificationId');
    expect(bySystem.body.content.map((c: { classificationId: string }) => c.classificationId)).toEqual(['51100000', '51101900', '51101902']);
    expect((await api('GET', '/commodityTypes?classificationId=51101902')).body.totalElements).toBe(2);
    expect((await api('GET', '/commodityTypes?name=MEFLO')).body.totalElements).toBe(2);
    expect((await api('GET', `/commodityTypes?parentId=${drugs.id}`)).body.totalElements).toBe(2);
    expect((await api('GET', '/commodityTypes?parentId=nope')).status).toBe(400);
    const paged = await api('GET', '/commodityTypes?page=0&size=2&sort=name,desc');
    expect(paged.body).toMatchObject({ size: 2, numberOfElements: 2, first: true, last: false });
  });

  it('upserts by classification inside a caller\'s transaction (as the CSV import does)', async () => {
    await app.platform.dataSource.transaction(async (manager) => {
      const service = commodityTypeService(manager);
      const found = await service.findByClassification('UNSPSC', '51101900');
      expect(found?.id).toBe(antiprotozoals.id);
      const renamed = await service.upsertByClassification({ ...type('51101900', 'Antiprotozoal drugs', drugs.id) });
      expect(renamed).toMatchObject({ id: antiprotozoals.id, name: 'Antiprotozoal drugs' });
      const added = await service.upsertByClassification(type('51101903', 'Quinine', antiprotozoals.id));
      expect(added.parentId).toBe(antiprotozoals.id);
      // A write the database refuses (a unique violation) rolls back to its savepoint: the import's transaction goes on.
      await expect(service.create(type('51101903', 'Quinine twice'))).rejects.toMatchObject({ status: 409 });
      await expect(service.upsertByClassification(type('51101904', 'Other system parent', antiprotozoals.id, 'GPC'))).rejects.toMatchObject({ status: 400 });
      expect(await service.findByClassification('UNSPSC', '51101903')).toBeDefined();
    });
    expect((await api('GET', '/commodityTypes?classificationId=51101903')).body.totalElements).toBe(1);
  });
});

describe('GTIN check digits', () => {
  it.each([
    ['4006381333931', 'GTIN-13'],
    ['96385074', 'GTIN-8'],
    ['036000291452', 'GTIN-12 (UPC-A)'],
    ['10012345000017', 'GTIN-14'],
    ['5012617009999', 'the guide\'s Actavis GTIN'],
  ])('accepts %s (%s)', (gtin) => {
    expect(gtinProblem(gtin)).toBeUndefined();
  });

  it.each([
    ['4006381333932', /check digit 2.*call for 1/],
    ['1234567', /8, 12, 13 or 14 digits/],
    ['12345678901', /8, 12, 13 or 14 digits/],
    ['40063813339A1', /8, 12, 13 or 14 digits/],
    ['400638133393 ', /8, 12, 13 or 14 digits/],
  ])('refuses %s', (gtin, problem) => {
    expect(gtinProblem(gtin)).toMatch(problem);
  });

  it('computes the check digit from the right, weights 3 and 1', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(gtinCheckDigit('9638507')).toBe(4);
  });
});

describe('trade items', () => {
  const item = (manufacturerOfTradeItem: string, gtin: string | null = null, classifications: TradeItemClassificationInput[] = []) => ({ manufacturerOfTradeItem, gtin, classifications });

  it('creates a trade item with its classifications and reads it back', async () => {
    const made = await api('POST', '/tradeItems', item('Actavis', '5012617009999', [{ classificationSystem: 'UNSPSC', classificationId: '51101902' }]));
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ id: expect.any(String), ...item('Actavis', '5012617009999', [{ classificationSystem: 'UNSPSC', classificationId: '51101902' }]), version: 1 });
    expect((await api('GET', `/tradeItems/${made.body.id}`)).body).toEqual(made.body);
  });

  it.each([
    ['a wrong check digit', item('Maker', '4006381333932'), 400, 'referenceData.error.tradeItem.gtin.invalid', 'gtin'],
    ['a GTIN of 11 digits', item('Maker', '12345678901'), 400, 'referenceData.error.tradeItem.gtin.invalid', 'gtin'],
    ['two classifications in one system', item('Maker', null, [{ classificationSystem: 'UNSPSC', classificationId: '1' }, { classificationSystem: 'UNSPSC', classificationId: '2' }]), 400, 'referenceData.error.tradeItem.classifications.duplicated', 'classifications'],
    ['no manufacturer', { gtin: null }, 400, 'referenceData.error.tradeItem.invalid', 'manufacturerOfTradeItem'],
    ['a classification without id', { manufacturerOfTradeItem: 'Maker', classifications: [{ classificationSystem: 'UNSPSC' }] }, 400, 'referenceData.error.tradeItem.invalid', 'classifications.0.classificationId'],
    ['a GTIN already used', item('Other', '5012617009999'), 409, 'referenceData.error.tradeItem.gtin.duplicated', undefined],
    ['the same GTIN padded to 14 digits', item('Other', '05012617009999'), 409, 'referenceData.error.tradeItem.gtin.duplicated', undefined],
  ])('refuses %s', async (_label, body, status, messageKey, field) => {
    const reply = await api('POST', '/tradeItems', body);
    expect(reply.status).toBe(status);
    expect(reply.body.messageKey).toBe(messageKey);
    if (field) expect(Object.keys(reply.body.details.fieldErrors)).toContain(field);
  });

  it('updates classifications and GTIN with optimistic locking', async () => {
    const made = await created('/tradeItems', item('Elys Chemical Industries'));
    const updated = await api('PUT', `/tradeItems/${made.id}`, item('Elys Chemical Industries', '96385074', [{ classificationSystem: 'GPC', classificationId: '10000456' }]), { 'If-Match': 'W/"1"' });
    expect(updated.body).toMatchObject({ gtin: '96385074', classifications: [{ classificationSystem: 'GPC', classificationId: '10000456' }], version: 2 });
    expect((await api('PUT', `/tradeItems/${made.id}`, item('Elys'), { 'If-Match': 'W/"1"' })).status).toBe(409);
  });

  it('filters by GTIN in any length, manufacturer and classification', async () => {
    expect((await api('GET', '/tradeItems?gtin=05012617009999')).body.content.map((t: { manufacturerOfTradeItem: string }) => t.manufacturerOfTradeItem)).toEqual(['Actavis']);
    expect((await api('GET', '/tradeItems?manufacturerOfTradeItem=elys')).body.totalElements).toBe(1);
    expect((await api('GET', '/tradeItems?classificationSystem=UNSPSC&classificationId=51101902')).body.totalElements).toBe(1);
    expect((await api('GET', '/tradeItems?classificationId=10000456')).body.totalElements).toBe(1);
    expect((await api('GET', '/tradeItems?id=bad')).status).toBe(400);
  });

  it('upserts by GTIN, or by manufacturer when there is none (the import\'s natural key)', async () => {
    const service = tradeItemService(app.platform.dataSource);
    const byGtin = await service.upsertByNaturalKey(item('Actavis UK', '05012617009999'));
    expect(byGtin).toMatchObject({ manufacturerOfTradeItem: 'Actavis UK', gtin: '05012617009999', version: 2 });
    const first = await service.upsertByNaturalKey(item('Generic Pharma', ''));
    expect(first.gtin).toBeNull();
    expect((await service.upsertByNaturalKey(item('Generic Pharma', null, [{ classificationSystem: 'UNSPSC', classificationId: '1' }]))).id).toBe(first.id);
    await created('/tradeItems', item('Generic Pharma'));
    await expect(service.upsertByNaturalKey(item('Generic Pharma'))).rejects.toMatchObject({ status: 409, messageKey: 'referenceData.error.tradeItem.ambiguous' });
  });
});

describe('lots', () => {
  let tradeItem: { id: string };
  let otherItem: { id: string };
  const lot = (lotCode: string, extra: Record<string, unknown> = {}) => ({ lotCode, tradeItemId: tradeItem.id, expirationDate: '2030-06-30', manufactureDate: '2028-01-15', ...extra });

  beforeAll(async () => {
    tradeItem = await created('/tradeItems', { manufacturerOfTradeItem: 'Lot maker' });
    otherItem = await created('/tradeItems', { manufacturerOfTradeItem: 'Other lot maker' });
  });

  it('creates an active lot and reads it back', async () => {
    const made = await api('POST', '/lots', lot('LOT-A'));
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ id: expect.any(String), ...lot('LOT-A'), active: true, version: 1 });
  });

  it.each([
    ['a manufacture date after expiry', () => lot('L1', { manufactureDate: '2031-01-01' }), 400, 'referenceData.error.lot.dates'],
    ['an impossible date', () => lot('L2', { expirationDate: '2030-02-30' }), 400, 'referenceData.error.lot.invalid'],
    ['an unknown trade item', () => lot('L3', { tradeItemId: UNKNOWN }), 400, 'referenceData.error.lot.tradeItem.notFound'],
    ['no lot code', () => ({ tradeItemId: tradeItem.id }), 400, 'referenceData.error.lot.invalid'],
    ['a lot code the trade item already has', () => lot('LOT-A'), 409, 'referenceData.error.lot.lotCode.duplicated'],
  ])('refuses %s', async (_label, body, status, messageKey) => {
    const reply = await api('POST', '/lots', body());
    expect(reply.status).toBe(status);
    expect(reply.body.messageKey).toBe(messageKey);
  });

  it('keeps lot codes unique per trade item and case-sensitive', async () => {
    expect((await api('POST', '/lots', lot('lot-a'))).status).toBe(201);
    expect((await api('POST', '/lots', lot('LOT-A', { tradeItemId: otherItem.id }))).status).toBe(201);
    expect((await api('POST', '/lots', lot('SAME-DAY', { manufactureDate: '2030-06-30' }))).status).toBe(201);
  });

  it('deactivates rather than deletes, and keeps a lot with its trade item', async () => {
    const made = await created('/lots', lot('LOT-B'));
    const deactivated = await api('PUT', `/lots/${made.id}`, { ...made, active: false }, { 'If-Match': 'W/"1"' });
    expect(deactivated.body).toMatchObject({ active: false, version: 2 });
    const moved = await api('PUT', `/lots/${made.id}`, { ...deactivated.body, tradeItemId: otherItem.id });
    expect(moved.status).toBe(400);
    expect(moved.body.messageKey).toBe('referenceData.error.lot.tradeItem.immutable');
    expect((await api('PUT', `/lots/${made.id}`, { ...made, active: true })).status).toBe(409);
    expect((await api('DELETE', `/lots/${made.id}`)).status).toBe(404);
  });

  it('filters by trade item, code, expiry range, expired and active', async () => {
    await created('/lots', lot('OLD', { expirationDate: '2001-01-31', manufactureDate: '2000-01-01' }));
    await created('/lots', lot('NO-EXPIRY', { expirationDate: null, manufactureDate: null }));
    const codes = async (query: string) => (await api('GET', `/lots?${query}`)).body.content.map((l: { lotCode: string }) => l.lotCode);
    expect(await codes(`tradeItemId=${tradeItem.id}&expired=true`)).toEqual(['OLD']);
    expect(await codes(`tradeItemId=${tradeItem.id}&expired=false&sort=lotCode`)).toEqual(['LOT-A', 'LOT-B', 'NO-EXPIRY', 'SAME-DAY', 'lot-a']);
    expect(await codes(`tradeItemId=${tradeItem.id}&expirationDateFrom=2000-01-01&expirationDateTo=2010-12-31`)).toEqual(['OLD']);
    expect(await codes(`tradeItemId=${tradeItem.id}&tradeItemId=${otherItem.id}&lotCode=LOT-A`)).toHaveLength(2);
    expect(await codes(`tradeItemId=${tradeItem.id}&active=false`)).toEqual(['LOT-B']);
    // Soonest expiry first by default; lots without expiry last.
    expect((await codes(`tradeItemId=${tradeItem.id}`)).at(0)).toBe('OLD');
    expect((await codes(`tradeItemId=${tradeItem.id}`)).at(-1)).toBe('NO-EXPIRY');
    expect((await api('GET', '/lots?expired=maybe')).status).toBe(400);
    expect((await api('GET', '/lots?expirationDateFrom=2030-13-01')).status).toBe(400);
    expect((await api('GET', `/lots?tradeItemId=${tradeItem.id}&page=1&size=2`)).body).toMatchObject({ totalElements: 6, totalPages: 3, number: 1, numberOfElements: 2 });
  });

  it('upserts by trade item and lot code (the import\'s natural key)', async () => {
    const service = lotService(app.platform.dataSource);
    const updated = await service.upsertByLotCode({ ...lot('LOT-A'), expirationDate: '2031-01-31', active: true });
    expect(updated).toMatchObject({ lotCode: 'LOT-A', tradeItemId: tradeItem.id, expirationDate: '2031-01-31', version: 2 });
    expect(await service.findByLotCode(tradeItem.id, 'LOT-Z')).toBeUndefined();
  });
});
