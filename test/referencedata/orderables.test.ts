/**
 * /api/orderables: the guide's orderable rules, program settings with exact prices, kits without
 * cycles, OpenLMIS versioning (every update is a new version; old versions stay readable),
 * optimistic locking, paging and filters, and the services an import calls.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { orderableService } from '../../api/referencedata/orderables/orderable.service.js';
import { apiCall } from '../helpers/api.js';

let app: TestApp;
const ids: Record<string, string> = {};

function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return apiCall(app.url, method, path, body, headers);
}

async function created(path: string, body: unknown) {
  const reply = await api('POST', path, body);
  if (reply.status !== 201) throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

beforeAll(async () => {
  app = await startTestApp();
  ids.essentialMeds = (await created('/programs', { code: 'EM', name: 'Essential Meds' })).id;
  ids.familyPlanning = (await created('/programs', { code: 'FP', name: 'Family Planning' })).id;
  ids.medicines = (await created('/orderableDisplayCategories', { code: 'MED', name: 'Medicines', displayOrder: 1 })).id;
  ids.contraceptives = (await created('/orderableDisplayCategories', { code: 'FPC', name: 'Contraceptives', displayOrder: 2 })).id;
  ids.each = (await created('/dispensingUnits', { code: 'Each', name: 'Each', displayOrder: 1 })).id;
  ids.tablet = (await created('/dispensingUnits', { code: 'tab', name: 'Tablet', displayOrder: 2 })).id;
  ids.tradeItem = (await created('/tradeItems', { manufacturerOfTradeItem: 'Actavis', gtin: '5012617009999' })).id;
  ids.commodityType = (await created('/commodityTypes', { name: 'Mefloquine', classificationSystem: 'UNSPSC', classificationId: '51101902' })).id;
});
afterAll(() => app.stop());

const UNKNOWN = '7c1d7e1a-0000-4000-8000-000000000000';

/** The guide's example row: Essential Meds, AA000300 Mercaptopurine, 2154.65 per pack, dispensed as "Each". */
function orderable(productCode: string, extra: Record<string, unknown> = {}) {
  return {
    productCode,
    fullProductName: `Product ${productCode}`,
    description: null,
    netContent: 1,
    packRoundingThreshold: 1,
    roundToZero: false,
    dispensable: { dispensingUnit: 'Each' },
    programs: [{ programId: ids.essentialMeds, orderableDisplayCategoryId: ids.medicines, active: true, fullSupply: false, displayOrder: 1, pricePerPack: 2154.65 }],
    ...extra,
  };
}

describe('creating orderables', () => {
  it('creates the guide\'s Mercaptopurine and reads it back', async () => {
    const made = await api('POST', '/orderables', orderable('AA000300', { fullProductName: 'Mercaptopurine' }));
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      id: expect.any(String),
      productCode: 'AA000300',
      fullProductName: 'Mercaptopurine',
      description: null,
      netContent: 1,
      packRoundingThreshold: 1,
      roundToZero: false,
      dispensable: { dispensingUnitId: ids.each, dispensingUnit: 'Each', displayName: 'Each' },
      programs: [
        {
          programId: ids.essentialMeds,
          orderableDisplayCategoryId: ids.medicines,
          orderableCategoryDisplayName: 'Medicines',
          orderableCategoryDisplayOrder: 1,
          active: true,
          fullSupply: false,
          displayOrder: 1,
          dosesPerPatient: null,
          pricePerPack: '2154.65',
        },
      ],
      children: [],
      identifiers: {},
      extraData: {},
      versionNumber: 1,
      lastUpdated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(made.headers.get('location')).toBe(`/api/orderables/${made.body.id}`);
    const read = await api('GET', `/orderables/${made.body.id}`);
    expect(read.body).toEqual(made.body);
    expect(read.headers.get('etag')).toBe('W/"1"');
    expect(read.headers.get('last-modified')).toBe(new Date(Math.floor(Date.parse(made.body.lastUpdated) / 1000) * 1000).toUTCString());
  });

  // Bodies are made when each test runs: the referenced ids only exist after beforeAll.
  const program = (extra: Record<string, unknown>) => [{ programId: ids.essentialMeds, orderableDisplayCategoryId: ids.medicines, fullSupply: true, displayOrder: 1, ...extra }];
  it.each([
    ['a net content of 0', () => orderable('X', { netContent: 0 }), 'referenceData.error.orderable.invalid', 'netContent'],
    ['a fractional net content', () => orderable('X', { netContent: 2.5 }), 'referenceData.error.orderable.invalid', 'netContent'],
    ['a negative rounding threshold', () => orderable('X', { packRoundingThreshold: -1 }), 'referenceData.error.orderable.invalid', 'packRoundingThreshold'],
    ['no round-to-zero', () => ({ ...orderable('X'), roundToZero: undefined }), 'referenceData.error.orderable.invalid', 'roundToZero'],
    ['no product code', () => ({ ...orderable('X'), productCode: undefined }), 'referenceData.error.orderable.invalid', 'productCode'],
    ['an unknown identifier kind', () => orderable('X', { identifiers: { gtin: '123' } }), 'referenceData.error.orderable.invalid', 'identifiers.gtin'],
    ['an unknown dispensing unit', () => orderable('X', { dispensable: { dispensingUnit: 'each' } }), 'referenceData.error.orderable.dispensingUnit.notFound', 'dispensable'],
    ['a dispensing unit id and a code that disagree', () => orderable('X', { dispensable: { dispensingUnitId: ids.each, dispensingUnit: 'tab' } }), 'referenceData.error.orderable.dispensingUnit.mismatch', 'dispensable'],
    ['an empty dispensable', () => orderable('X', { dispensable: {} }), 'referenceData.error.orderable.invalid', 'dispensable'],
    ['an unknown trade item', () => orderable('X', { identifiers: { tradeItem: UNKNOWN } }), 'referenceData.error.orderable.tradeItem.notFound', 'identifiers.tradeItem'],
    ['an unknown commodity type', () => orderable('X', { identifiers: { commodityType: UNKNOWN } }), 'referenceData.error.orderable.commodityType.notFound', 'identifiers.commodityType'],
    ['an unknown program', () => orderable('X', { programs: program({ programId: UNKNOWN }) }), 'referenceData.error.orderable.program.notFound', 'programs.0.programId'],
    ['an unknown display category', () => orderable('X', { programs: program({ orderableDisplayCategoryId: UNKNOWN }) }), 'referenceData.error.orderable.orderableDisplayCategory.notFound', 'programs.0.orderableDisplayCategoryId'],
    ['a program listed twice', () => orderable('X', { programs: [...program({}), ...program({ displayOrder: 2 })] }), 'referenceData.error.orderable.programs.duplicated', 'programs.1.programId'],
    ['a program entry without full supply', () => orderable('X', { programs: program({ fullSupply: undefined }) }), 'referenceData.error.orderable.invalid', 'programs.0.fullSupply'],
    ['a negative price', () => orderable('X', { programs: program({ pricePerPack: -0.01 }) }), 'referenceData.error.orderable.pricePerPack.invalid', 'programs.0.pricePerPack'],
    ['a price with 5 decimals', () => orderable('X', { programs: program({ pricePerPack: 1.23456 }) }), 'referenceData.error.orderable.pricePerPack.invalid', 'programs.0.pricePerPack'],
    ['a price that is not a number', () => orderable('X', { programs: program({ pricePerPack: '12,50' }) }), 'referenceData.error.orderable.pricePerPack.invalid', 'programs.0.pricePerPack'],
    ['a price given as a boolean', () => orderable('X', { programs: program({ pricePerPack: true }) }), 'referenceData.error.orderable.invalid', 'programs.0.pricePerPack'],
    ['zero doses per patient', () => orderable('X', { programs: program({ dosesPerPatient: 0 }) }), 'referenceData.error.orderable.invalid', 'programs.0.dosesPerPatient'],
    ['an unknown kit child', () => orderable('X', { children: [{ orderableId: UNKNOWN, quantity: 1 }] }), 'referenceData.error.orderable.child.notFound', 'children.0.orderableId'],
    ['a kit child quantity of 0', () => orderable('X', { children: [{ orderableId: UNKNOWN, quantity: 0 }] }), 'referenceData.error.orderable.invalid', 'children.0.quantity'],
  ])('refuses %s with 400 naming the field', async (_label, body, messageKey, field) => {
    const reply = await api('POST', '/orderables', body());
    expect(reply.status).toBe(400);
    expect(reply.body.messageKey).toBe(messageKey);
    expect(Object.keys(reply.body.details.fieldErrors)).toContain(field);
  });

  it('keeps product codes unique and case-sensitive', async () => {
    await created('/orderables', orderable('FP000400'));
    const duplicate = await api('POST', '/orderables', orderable('FP000400'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.messageKey).toBe('referenceData.error.orderable.code.duplicated');
    expect((await api('POST', '/orderables', orderable('fp000400'))).status).toBe(201);
  });

  it('links a trade item to at most one orderable, and a commodity type to several', async () => {
    const identifiers = { tradeItem: ids.tradeItem, commodityType: ids.commodityType };
    const first = await created('/orderables', orderable('TI-1', { identifiers }));
    expect(first.identifiers).toEqual(identifiers);
    const second = await api('POST', '/orderables', orderable('TI-2', { identifiers }));
    expect(second.status).toBe(409);
    expect(second.body.messageKey).toBe('referenceData.error.orderable.tradeItem.duplicated');
    expect((await api('POST', '/orderables', orderable('CT-2', { identifiers: { commodityType: ids.commodityType } }))).status).toBe(201);
  });

  it('keeps prices exact: numbers and decimal strings, read back as decimal strings', async () => {
    const prices = [6940.3, '6940.30', 0.1, '123456789012345.1234', 0, null];
    const programs = [ids.essentialMeds, ids.familyPlanning];
    const made = await Promise.all(
      prices.map((pricePerPack, i) =>
        created('/orderables', orderable(`PRICE-${i}`, { programs: [{ programId: programs[i % 2], orderableDisplayCategoryId: ids.contraceptives, fullSupply: true, displayOrder: i, pricePerPack, dosesPerPatient: 2 }] })),
      ),
    );
    expect(made.map((o) => o.programs[0].pricePerPack)).toEqual(['6940.30', '6940.30', '0.10', '123456789012345.1234', '0.00', null]);
    expect(made[0].programs[0]).toMatchObject({ orderableCategoryDisplayName: 'Contraceptives', orderableCategoryDisplayOrder: 2, dosesPerPatient: 2, active: true });
  });
});

describe('versions', () => {
  it('writes a new version on every update and keeps the old ones readable', async () => {
    const v1 = await created('/orderables', orderable('VER-1', { fullProductName: 'Postinor' }));
    const v2 = await api('PUT', `/orderables/${v1.id}`, { ...v1, fullProductName: 'Postinor (Levonorgestrel)', dispensable: { dispensingUnitId: ids.tablet } }, { 'If-Match': 'W/"1"' });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ id: v1.id, versionNumber: 2, fullProductName: 'Postinor (Levonorgestrel)', dispensable: { dispensingUnit: 'tab' } });
    expect(v2.headers.get('etag')).toBe('W/"2"');
    expect((await api('GET', `/orderables/${v1.id}`)).body).toEqual(v2.body);
    expect((await api('GET', `/orderables/${v1.id}?versionNumber=1`)).body).toEqual(v1);
    const versions = await api('GET', `/orderables/${v1.id}/versions`);
    expect(versions.body.content.map((v: { versionNumber: number; fullProductName: string }) => [v.versionNumber, v.fullProductName])).toEqual([
      [1, 'Postinor'],
      [2, 'Postinor (Levonorgestrel)'],
    ]);
    expect((await api('GET', `/orderables/${v1.id}/versions?sort=versionNumber,desc&page=0&size=1`)).body.content[0].versionNumber).toBe(2);
    const missing = await api('GET', `/orderables/${v1.id}?versionNumber=3`);
    expect(missing.status).toBe(404);
    expect(missing.body.messageKey).toBe('referenceData.error.orderable.versionNotFound');
    expect((await api('GET', `/orderables/${v1.id}?versionNumber=0`)).status).toBe(400);
    expect((await api('GET', `/orderables/${UNKNOWN}/versions`)).status).toBe(404);
  });

  it('refuses a stale version (If-Match, or the body\'s versionNumber) with 409', async () => {
    const v1 = await created('/orderables', orderable('LOCK-1'));
    expect((await api('PUT', `/orderables/${v1.id}`, { ...v1, description: 'first' })).body.versionNumber).toBe(2);
    const staleBody = await api('PUT', `/orderables/${v1.id}`, { ...v1, description: 'lost' });
    expect(staleBody.status).toBe(409);
    expect(staleBody.body.messageKey).toBe('referenceData.error.orderable.versionConflict');
    const { versionNumber: _v, ...unversioned } = v1;
    expect((await api('PUT', `/orderables/${v1.id}`, unversioned, { 'If-Match': 'W/"1"' })).status).toBe(409);
    expect((await api('PUT', `/orderables/${v1.id}`, unversioned)).body.versionNumber).toBe(3);
    expect((await api('GET', `/orderables/${v1.id}/versions`)).body.totalElements).toBe(3);
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const v1 = await created('/orderables', orderable('RACE-1'));
    const replies = await Promise.all(['a', 'b', 'c'].map((d) => api('PUT', `/orderables/${v1.id}`, { ...v1, description: d }, { 'If-Match': 'W/"1"' })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const unconditional = await Promise.all(['d', 'e'].map((d) => api('PUT', `/orderables/${v1.id}`, { ...v1, versionNumber: undefined, description: d })));
    expect(unconditional.map((r) => r.body.versionNumber).sort()).toEqual([3, 4]);
  });

  it('refuses a body that names another orderable, and 404s unknown ones', async () => {
    const v1 = await created('/orderables', orderable('IDS-1'));
    const mismatch = await api('PUT', `/orderables/${v1.id}`, { ...v1, id: UNKNOWN });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.messageKey).toBe('referenceData.error.orderable.idMismatch');
    expect((await api('PUT', `/orderables/${UNKNOWN}`, orderable('IDS-2'))).status).toBe(404);
    expect((await api('GET', '/orderables/not-a-uuid')).status).toBe(404);
    expect((await api('DELETE', `/orderables/${v1.id}`)).status).toBe(404);
  });

  it('answers 304 when the client\'s copy is current', async () => {
    const v1 = await created('/orderables', orderable('CACHE-1'));
    expect((await api('GET', `/orderables/${v1.id}`, undefined, { 'If-None-Match': 'W/"1"' })).status).toBe(304);
    const later = new Date(Date.parse(v1.lastUpdated) + 5000).toUTCString();
    expect((await api('GET', `/orderables/${v1.id}`, undefined, { 'If-Modified-Since': later })).status).toBe(304);
    await api('PUT', `/orderables/${v1.id}`, { ...v1, description: 'changed' });
    expect((await api('GET', `/orderables/${v1.id}`, undefined, { 'If-None-Match': 'W/"1"' })).status).toBe(200);
  });

  it('lets the product code change, keeping the old code in the old version', async () => {
    const v1 = await created('/orderables', orderable('OLD-CODE'));
    await api('PUT', `/orderables/${v1.id}`, { ...v1, productCode: 'NEW-CODE' });
    expect((await api('GET', '/orderables?code=OLD-CODE')).body.totalElements).toBe(0);
    expect((await api('GET', '/orderables?code=NEW-CODE')).body.content[0].id).toBe(v1.id);
    expect((await api('GET', `/orderables/${v1.id}?versionNumber=1`)).body.productCode).toBe('OLD-CODE');
    expect((await api('POST', '/orderables', orderable('OLD-CODE'))).status).toBe(201);
  });
});

describe('kits', () => {
  it('hold other orderables, never themselves nor a kit that holds them', async () => {
    const syringe = await created('/orderables', orderable('KIT-SYRINGE'));
    const swab = await created('/orderables', orderable('KIT-SWAB'));
    const kit = await created('/orderables', orderable('KIT-INJ', { children: [{ orderableId: syringe.id, quantity: 2 }, { orderableId: swab.id, quantity: 1 }] }));
    expect(kit.children).toEqual(expect.arrayContaining([{ orderableId: syringe.id, quantity: 2 }, { orderableId: swab.id, quantity: 1 }]));
    const box = await created('/orderables', orderable('KIT-BOX', { children: [{ orderableId: kit.id, quantity: 10 }] }));

    const refuse = async (target: { id: string }, children: unknown[], messageKey: string) => {
      const reply = await api('PUT', `/orderables/${target.id}`, { ...target, versionNumber: undefined, children });
      expect(reply.status).toBe(400);
      expect(reply.body.messageKey).toBe(messageKey);
    };
    await refuse(kit, [{ orderableId: kit.id, quantity: 1 }], 'referenceData.error.orderable.children.self');
    await refuse(syringe, [{ orderableId: kit.id, quantity: 1 }], 'referenceData.error.orderable.children.cycle');
    await refuse(swab, [{ orderableId: box.id, quantity: 1 }], 'referenceData.error.orderable.children.cycle');
    await refuse(box, [{ orderableId: swab.id, quantity: 1 }, { orderableId: swab.id, quantity: 2 }], 'referenceData.error.orderable.children.duplicated');
    // Contents change by version: the box's first version still holds the kit.
    const emptied = await api('PUT', `/orderables/${box.id}`, { ...box, children: [] });
    expect(emptied.body.children).toEqual([]);
    expect((await api('GET', `/orderables/${box.id}?versionNumber=1`)).body.children).toEqual([{ orderableId: kit.id, quantity: 10 }]);
    // With the box emptied, the swab may now hold the box.
    expect((await api('PUT', `/orderables/${swab.id}`, { ...swab, children: [{ orderableId: box.id, quantity: 1 }] })).status).toBe(200);
  });
});

describe('listing orderables', () => {
  beforeAll(async () => {
    const inFamilyPlanning = [{ programId: ids.familyPlanning, orderableDisplayCategoryId: ids.contraceptives, fullSupply: true, displayOrder: 1 }];
    for (const [code, name] of [['LST-C', 'Condoms, male'], ['LST-A', 'Implant'], ['LST-B', 'Condoms, female']]) {
      await created('/orderables', orderable(code, { fullProductName: name, programs: inFamilyPlanning }));
    }
  });
  const codes = async (query: string) => {
    const reply = await api('GET', `/orderables?${query}`);
    expect(reply.status).toBe(200);
    return reply.body.content.map((o: { productCode: string }) => o.productCode);
  };

  it('filters by code, name, program and ids, latest versions only', async () => {
    expect(await codes('code=LST-A')).toEqual(['LST-A']);
    expect(await codes('code=lst-a')).toEqual([]);
    expect(await codes('name=condoms')).toEqual(['LST-B', 'LST-C']);
    expect(await codes('program=FP&code=LST-B')).toEqual(['LST-B']);
    expect(await codes(`programId=${ids.familyPlanning}&name=condoms`)).toEqual(['LST-B', 'LST-C']);
    expect(await codes('programCode=EM&name=condoms')).toEqual([]);
    const [a, b] = (await api('GET', '/orderables?name=condoms')).body.content;
    expect(await codes(`id=${a.id}&id=${b.id}`)).toEqual(['LST-B', 'LST-C']);
    // Moving LST-C out of Family Planning takes it off the program's list; its old version does not count.
    await api('PUT', `/orderables/${b.id}`, { ...b, programs: [] });
    expect(await codes('program=FP&name=condoms')).toEqual(['LST-B']);
  });

  it('pages and sorts as OpenLMIS does', async () => {
    for (const n of [1, 2, 3, 4, 5]) await created('/orderables', orderable(`PAGE-${n}`, { fullProductName: `Paged product ${6 - n}` }));
    const page = await api('GET', '/orderables?name=paged%20product&page=1&size=2&sort=productCode,desc');
    expect(page.body).toMatchObject({ totalElements: 5, totalPages: 3, number: 1, size: 2, numberOfElements: 2, first: false, last: false });
    expect(page.body.content.map((o: { productCode: string }) => o.productCode)).toEqual(['PAGE-3', 'PAGE-2']);
    expect(await codes('name=paged%20product&sort=fullProductName')).toEqual(['PAGE-5', 'PAGE-4', 'PAGE-3', 'PAGE-2', 'PAGE-1']);
    expect((await api('GET', '/orderables?name=paged%20product&page=9&size=2')).body).toMatchObject({ content: [], totalElements: 5, last: true });
    expect((await api('GET', '/orderables?sort=price')).status).toBe(400);
    expect((await api('GET', '/orderables?id=nope')).status).toBe(400);
    expect((await api('GET', '/orderables?programId=nope')).status).toBe(400);
  });
});

describe('the orderable service an import calls', () => {
  it('upserts by product code in the caller\'s transaction, writing a version only when something changes', async () => {
    const input = {
      ...orderable('IMP-1'),
      programs: [{ programId: ids.essentialMeds, orderableDisplayCategoryId: ids.medicines, active: true, fullSupply: true, displayOrder: 3, pricePerPack: '10.5' }],
      identifiers: {},
      children: [],
      extraData: { useVVM: true, note: { b: 1, a: 2 } },
    };
    await app.platform.dataSource.transaction(async (manager) => {
      const service = orderableService(manager);
      const first = await service.upsertByProductCode(input);
      expect(first.versionNumber).toBe(1);
      const again = await service.upsertByProductCode({ ...input, programs: [{ ...input.programs[0], pricePerPack: 10.5 }], extraData: { note: { a: 2, b: 1 }, useVVM: true } });
      expect(again.versionNumber).toBe(1);
      const changed = await service.upsertByProductCode({ ...input, netContent: 10 });
      expect(changed).toMatchObject({ id: first.id, versionNumber: 2, netContent: 10 });
      // A refused write rolls back to its savepoint: the import's transaction goes on.
      await expect(service.create({ ...input, fullProductName: 'Twice' })).rejects.toMatchObject({ status: 409 });
      expect((await service.findByProductCode('IMP-1'))?.versionNumber).toBe(2);
    });
    const read = await api('GET', '/orderables?code=IMP-1');
    expect(read.body.content[0]).toMatchObject({ versionNumber: 2, extraData: { useVVM: true } });
  });
});
