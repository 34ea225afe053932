/**
 * The product catalogue's CSV files over HTTP: categories, dosage units, commodity types, trade
 * items, lots, orderables, their program settings and kit contents load in order; a file with bad
 * rows is refused whole with every error by row and column; dry runs write nothing; re-imports
 * and exports imported back change nothing (no new orderable versions).
 */
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  const programs = await upload('programs', 'Program Code,Name\nPRG002,Essential Meds\nPRG001,Family Planning\n');
  expect(programs.status).toBe(200);
});
afterAll(() => app.stop());

async function upload(type: string, csv: string, query = 'wait=true') {
  const response = await fetch(`${app.url}/api/imports/${type}?${query}`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
  return { status: response.status, body: (await response.json()) as any };
}

async function exported(type: string): Promise<string> {
  const response = await fetch(`${app.url}/api/exports/${type}`);
  expect(response.status).toBe(200);
  return response.text();
}

const get = async (path: string) => (await (await fetch(`${app.url}/api${path}`)).json()) as any;
const one = async (path: string) => (await get(path)).content[0];

/** Each orderable's latest version number, by product code. */
async function versionNumbers(): Promise<Record<string, number>> {
  return Object.fromEntries((await get('/orderables')).content.map((o: any) => [o.productCode, o.versionNumber]));
}

/** A refused file's errors as [row, column] pairs. */
function refusal(reply: { status: number; body: any }) {
  expect(reply.status).toBe(422);
  expect(reply.body).toMatchObject({ status: 'rejected', report: { committed: false } });
  return reply.body.report.errors.map((e: any) => [e.row, e.column]);
}

const FILES = {
  orderableDisplayCategories: `Category Code (required),Category Name (required),Display Order (required)
FP,Family Planning,10
hiv,HIV Control Program Medicines,14
EM,Essential Medicines,1
`,
  dispensingUnits: `Dosage Unit Code (required),Display Order (required),Name
mg,1,
ml,2,Millilitre
each,3,Each
`,
  commodityTypes: `Name,Classification System,Classification Id,Parent Classification Id
Drugs and Pharmaceutical Products,UNSPSC,51000000,
Antimalarials,UNSPSC,51101900,51000000
Mefloquine,UNSPSC,51101902,51101900
Antineoplastic agents,UNSPSC,51110000,51000000
Mercaptopurine,UNSPSC,51111806,51110000
Hormonal contraceptives,UNSPSC,51181800,51000000
Levonorgestrel,UNSPSC,51181807,51181800
`,
  tradeItems: `Manufacturer,GTIN,Classifications
Actavis,5012617009999,UNSPSC|51101902
Elys Chemical Industries Ltd.,,UNSPSC|51101902
Gedeon Richter,5998005001236,UNSPSC|51181807;GPC|10000456
`,
  lots: `Lot Code,Trade Item GTIN,Trade Item Manufacturer,Expiration Date,Manufacture Date,Active
AC2301,5012617009999,,2026-06-30,2023-07-01,TRUE
EL77,,Elys Chemical Industries Ltd.,12/31/2025,1/15/2023,
T45512,05998005001236,Gedeon Richter,2027-01-31,,FALSE
`,
  orderables: `Product Code,Product Name,Description,Net Content,Pack Rounding Threshold,Round To Zero,Dispensing Unit,Trade Item GTIN,Trade Item Manufacturer,Commodity Type
AA000300,Mercaptopurine,50 mg tablets,1,1,FALSE,each,,,UNSPSC|51111806
FP000400,Postinor (Levonogesterol),,1,1,FALSE,each,5998005001236,,UNSPSC|51181807
MQ000100,Mefloquine 250 mg (Elys),,1000,500,TRUE,mg,,Elys Chemical Industries Ltd.,UNSPSC|51101902
KIT001,Family planning starter kit,Postinor and Mercaptopurine,1,0,FALSE,each,,,
`,
  orderablePrograms: `Product Code,Program,Category Code,Full Supply,Display Order,Price Per Pack,Active,Doses Per Patient
AA000300,Essential Meds,EM,FALSE,1,2154.65,TRUE,
FP000400,Family Planning,FP,TRUE,1681,6940.30,TRUE,1
AA000300,PRG001,FP,FALSE,2,2154.6500,,
KIT001,PRG001,FP,TRUE,1,100,TRUE,
`,
  orderableChildren: `Kit Product Code,Child Product Code,Quantity
KIT001,FP000400,10
KIT001,AA000300,2
`,
};

const rowsOf = (csv: string) => csv.trim().split('\n').length - 1;

describe('the catalogue files, in load order', () => {
  it('are listed in dependency order, after the facility files', async () => {
    const order = ((await get('/imports/types')) as any[]).map((t) => t.type);
    const positions = ['facilityPrograms', ...Object.keys(FILES)].map((type) => order.indexOf(type));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('load one after another', async () => {
    for (const [type, csv] of Object.entries(FILES)) {
      const reply = await upload(type, csv);
      expect({ type, status: reply.status, errors: reply.body.report?.errors }).toEqual({ type, status: 200, errors: [] });
      // Program settings and kit contents are entries of existing orderables: each row adds one.
      expect(reply.body.report).toMatchObject({ committed: true, created: rowsOf(csv), updated: 0 });
    }
  });

  it('wrote what the rows say', async () => {
    const mercaptopurineType = await one('/commodityTypes?classificationSystem=UNSPSC&classificationId=51111806');
    expect((await get(`/commodityTypes/${mercaptopurineType.parentId}`)).classificationId).toBe('51110000');
    expect((await one('/dispensingUnits?code=mg')).name).toBe('mg'); // the guide's table has no names
    const postinorItem = await one('/tradeItems?gtin=5998005001236');
    expect(postinorItem).toMatchObject({ manufacturerOfTradeItem: 'Gedeon Richter', classifications: [{ classificationSystem: 'GPC', classificationId: '10000456' }, { classificationSystem: 'UNSPSC', classificationId: '51181807' }] });
    const elys = (await get('/tradeItems?manufacturerOfTradeItem=Elys')).content[0];
    expect(await one('/lots?lotCode=EL77')).toMatchObject({ tradeItemId: elys.id, expirationDate: '2025-12-31', manufactureDate: '2023-01-15', active: true });
    expect(await one('/lots?lotCode=T45512')).toMatchObject({ tradeItemId: postinorItem.id, active: false });

    const mercaptopurine = await one('/orderables?code=AA000300');
    const categories = Object.fromEntries((await get('/orderableDisplayCategories')).content.map((c: any) => [c.code, c.id]));
    expect(mercaptopurine).toMatchObject({ fullProductName: 'Mercaptopurine', description: '50 mg tablets', netContent: 1, roundToZero: false, dispensable: { dispensingUnit: 'each' }, identifiers: { commodityType: mercaptopurineType.id } });
    const settings = [...mercaptopurine.programs].sort((a: any, b: any) => a.displayOrder - b.displayOrder);
    expect(settings.map((p: any) => [p.orderableDisplayCategoryId, p.fullSupply, p.displayOrder, p.pricePerPack, p.active])).toEqual([
      [categories.EM, false, 1, '2154.65', true],
      [categories.FP, false, 2, '2154.65', true],
    ]);
    expect((await one('/orderables?code=FP000400')).identifiers.tradeItem).toBe(postinorItem.id);
    const kit = await one('/orderables?code=KIT001');
    expect(kit.children.map((c: any) => c.quantity).sort((a: number, b: number) => a - b)).toEqual([2, 10]);
  });

  it('re-import idempotently: nothing created, no new orderable versions, no new versions of the rest', async () => {
    const versions = await versionNumbers();
    const lot = await one('/lots?lotCode=EL77');
    const tradeItem = await one('/tradeItems?gtin=5012617009999');
    const commodityType = await one('/commodityTypes?classificationId=51101902');
    for (const [type, csv] of Object.entries(FILES)) {
      const reply = await upload(type, csv);
      expect({ type, status: reply.status, created: reply.body.report.created, updated: reply.body.report.updated, errors: reply.body.report.errors }).toEqual({ type, status: 200, created: 0, updated: rowsOf(csv), errors: [] });
    }
    expect(await versionNumbers()).toEqual(versions);
    expect((await one('/lots?lotCode=EL77')).version).toBe(lot.version);
    expect((await one('/tradeItems?gtin=5012617009999')).version).toBe(tradeItem.version);
    expect((await one('/commodityTypes?classificationId=51101902')).version).toBe(commodityType.version);
  });

  it('export files that import back unchanged', async () => {
    const versions = await versionNumbers();
    const exports: Record<string, string> = {};
    for (const type of Object.keys(FILES)) {
      exports[type] = await exported(type);
      const reply = await upload(type, exports[type]);
      expect({ type, status: reply.status, created: reply.body.report.created, errors: reply.body.report.errors }).toEqual({ type, status: 200, created: 0, errors: [] });
    }
    expect(await versionNumbers()).toEqual(versions);
    for (const type of Object.keys(FILES)) expect(await exported(type)).toBe(exports[type]);

    expect(exports.orderables).toContain('AA000300,Mercaptopurine,50 mg tablets,1,1,FALSE,each,,,UNSPSC|51111806\n');
    expect(exports.orderables).toContain('FP000400,Postinor (Levonogesterol),,1,1,FALSE,each,5998005001236,Gedeon Richter,UNSPSC|51181807\n');
    expect(exports.orderables).toContain('MQ000100,Mefloquine 250 mg (Elys),,1000,500,TRUE,mg,,Elys Chemical Industries Ltd.,UNSPSC|51101902\n');
    expect(exports.orderablePrograms).toBe(`Product Code,Program Code,Category Code,Full Supply,Display Order,Price Per Pack,Active,Doses Per Patient
AA000300,PRG001,FP,FALSE,2,2154.65,TRUE,
AA000300,PRG002,EM,FALSE,1,2154.65,TRUE,
FP000400,PRG001,FP,TRUE,1681,6940.30,TRUE,1
KIT001,PRG001,FP,TRUE,1,100.00,TRUE,
`);
    expect(exports.orderableChildren).toBe('Kit Product Code,Child Product Code,Quantity\nKIT001,AA000300,2\nKIT001,FP000400,10\n');
    expect(exports.commodityTypes.split('\n').slice(0, 2)).toEqual(['Name,Classification System,Classification Id,Parent Classification Id', 'Drugs and Pharmaceutical Products,UNSPSC,51000000,']);
    expect(exports.commodityTypes).toContain('Mefloquine,UNSPSC,51101902,51101900\n');
    expect(exports.tradeItems).toContain('Gedeon Richter,5998005001236,GPC|10000456;UNSPSC|51181807\n');
    expect(exports.lots).toContain('EL77,,Elys Chemical Industries Ltd.,2025-12-31,2023-01-15,TRUE\n');
    expect(exports.lots).toContain('T45512,5998005001236,Gedeon Richter,2027-01-31,,FALSE\n');
    expect(exports.dispensingUnits).toBe('Dosage Unit Code,Display Order,Name,Description\nmg,1,mg,\nml,2,Millilitre,\neach,3,Each,\n');
  });
});

describe('a file with bad rows is refused whole, every error listed by row and column', () => {
  it('orderables: bad numbers, unknown codes, a bad GTIN, a repeated product code, a trade item already ordered', async () => {
    const before = await versionNumbers();
    const reply = await upload('orderables', `Product Code,Product Name,Net Content,Pack Rounding Threshold,Round To Zero,Dispensing Unit,Trade Item GTIN,Commodity Type
NEW001,Good new product,10,5,FALSE,each,,
NEW002,Bad pack size,"1,000",5,FALSE,each,,
NEW003,Unknown unit,10,5,FALSE,capsule,,
NEW004,Unknown commodity type,10,5,FALSE,each,,UNSPSC|99999999
NEW005,Bad GTIN,10,5,FALSE,each,5012617009990,
NEW001,Twice,10,5,FALSE,each,,
NEW006,Negative threshold,10,-1,FALSE,each,,
NEW007,Postinor again,10,5,FALSE,each,5998005001236,
NEW008,Bad classification cell,10,5,FALSE,each,,UNSPSC-51101902
`);
    expect(refusal(reply)).toEqual([
      [3, 'Net Content'],
      [4, 'Dispensing Unit'],
      [5, 'Commodity Type'],
      [6, 'Trade Item GTIN'],
      [7, 'Product Code'],
      [8, 'Pack Rounding Threshold'],
      [9, 'Trade Item GTIN'],
      [10, 'Commodity Type'],
    ]);
    expect(reply.body.report.errors[6].message).toMatch(/5998005001236 is already ordered under another product code/);
    expect(await versionNumbers()).toEqual(before); // NEW001 was not kept either
  });

  it('trade items: a bad check digit, the same GTIN twice (padded), bad classification cells', async () => {
    const before = (await get('/tradeItems')).totalElements;
    const reply = await upload('tradeItems', `Manufacturer,GTIN,Classifications
Cipla,8901000000019,UNSPSC|51101902
Cipla,8901000000018,
Cipla,08901000000019,
Cipla,,UNSPSC51101902
Cipla,,UNSPSC|51101902;UNSPSC|51101900
`);
    expect(refusal(reply)).toEqual([
      [3, 'GTIN'],
      [4, 'Manufacturer'],
      [5, 'Classifications'],
      [6, 'Classifications'],
    ]);
    expect((await get('/tradeItems')).totalElements).toBe(before);
  });

  it('lots: unknown and malformed GTINs, a repeated lot, a manufacturer that does not match, bad dates', async () => {
    const reply = await upload('lots', `Lot Code,Trade Item GTIN,Trade Item Manufacturer,Expiration Date,Manufacture Date,Active
NEWLOT,5012617009999,,2030-01-31,,
X1,4006381333931,,2030-01-31,,
X2,5012617009998,,2030-01-31,,
NEWLOT,5012617009999,Actavis,2031-01-31,,
X3,5012617009999,Elys Chemical Industries Ltd.,2030-01-31,,
X4,,Nobody Pharma,2030-01-31,,
X5,5012617009999,,2030-02-30,,
X6,5012617009999,,2020-01-31,2021-01-01,
X7,,,2030-01-31,,
`);
    expect(refusal(reply)).toEqual([
      [3, 'Trade Item GTIN'],
      [4, 'Trade Item GTIN'],
      [5, 'Lot Code'],
      [6, 'Trade Item Manufacturer'],
      [7, 'Trade Item Manufacturer'],
      [8, 'Expiration Date'],
      [9, 'Manufacture Date'],
      [10, 'Trade Item GTIN'],
    ]);
    expect((await get('/lots')).totalElements).toBe(3);
  });

  it('program settings: unknown product, program and category, bad prices, a repeated program, bad cells', async () => {
    const before = await versionNumbers();
    const reply = await upload('orderablePrograms', `Product Code,Program Code,Category Code,Full Supply,Display Order,Price Per Pack,Active,Doses Per Patient
MQ000100,PRG002,EM,TRUE,5,12.50,TRUE,
NOPE01,PRG002,EM,TRUE,5,,,
MQ000100,PRG009,EM,TRUE,5,,,
MQ000100,PRG001,XX,TRUE,5,,,
MQ000100,PRG001,FP,TRUE,5,"1,250.00",,
MQ000100,PRG001,FP,TRUE,5,12.345678,,
MQ000100,Essential Meds,EM,TRUE,6,,,
MQ000100,PRG001,FP,maybe,five,,,0
`);
    expect(refusal(reply)).toEqual([
      [3, 'Product Code'],
      [4, 'Program Code'],
      [5, 'Category Code'],
      [6, 'Price Per Pack'],
      [7, 'Price Per Pack'],
      [8, 'Product Code'],
      [9, 'Full Supply'],
      [9, 'Display Order'],
      [9, 'Doses Per Patient'],
    ]);
    expect(await versionNumbers()).toEqual(before);
  });

  it('kit contents: a cycle, a kit holding itself, an unknown child, bad quantities', async () => {
    const before = await versionNumbers();
    const reply = await upload('orderableChildren', `Kit Product Code,Child Product Code,Quantity
FP000400,KIT001,1
KIT001,KIT001,1
KIT001,NOPE01,1
KIT001,MQ000100,0
KIT001,MQ000100,2.5
`);
    expect(refusal(reply)).toEqual([
      [2, 'Child Product Code'],
      [3, 'Child Product Code'],
      [4, 'Child Product Code'],
      [5, 'Quantity'],
      [6, 'Quantity'],
    ]);
    expect(reply.body.report.errors[0]).toMatchObject({ message: expect.stringMatching(/cannot contain a kit that contains it/) });
    expect(await versionNumbers()).toEqual(before);
  });

  it('commodity types: a parent that is not (yet) there', async () => {
    const reply = await upload('commodityTypes', 'Name,Classification System,Classification Id,Parent Classification Id\nQuinine,UNSPSC,51101905,51101999\nChild first,GPC,2,1\nParent after,GPC,1,\n');
    expect(refusal(reply)).toEqual([
      [2, 'Parent Classification Id'],
      [3, 'Parent Classification Id'],
    ]);
    expect((await get('/commodityTypes?classificationSystem=GPC')).totalElements).toBe(0);
  });
});

describe('dry runs and partial files', () => {
  it('a dry run validates and counts, and writes nothing', async () => {
    const before = await versionNumbers();
    const csv = 'Product Code,Product Name,Net Content,Pack Rounding Threshold,Round To Zero,Dispensing Unit\nDRY001,Dry run product,10,5,FALSE,each\nAA000300,Mercaptopurine 50 mg,1,1,FALSE,each\n';
    const reply = await upload('orderables', csv, 'wait=true&dryRun=true');
    expect(reply).toMatchObject({ status: 200, body: { status: 'succeeded', dryRun: true, report: { committed: false, created: 1, updated: 1, errors: [] } } });
    expect(await versionNumbers()).toEqual(before);
    expect((await one('/orderables?code=AA000300')).fullProductName).toBe('Mercaptopurine');
  });

  it('an orderables row changes the product and keeps its program settings and kit contents', async () => {
    const before = await one('/orderables?code=KIT001');
    const reply = await upload('orderables', 'Product Code,Product Name,Net Content,Pack Rounding Threshold,Round To Zero,Dispensing Unit\nKIT001,Family planning starter kit (2024),1,0,FALSE,each\n');
    expect(reply.body.report).toMatchObject({ committed: true, updated: 1, errors: [] });
    const after = await one('/orderables?code=KIT001');
    expect(after).toMatchObject({ fullProductName: 'Family planning starter kit (2024)', description: null, versionNumber: before.versionNumber + 1 });
    expect({ programs: after.programs, children: after.children }).toEqual({ programs: before.programs, children: before.children });
  });
});
