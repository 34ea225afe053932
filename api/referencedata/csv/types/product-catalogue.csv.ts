/**
 * The product catalogue's CSV files, in the order they load: orderableDisplayCategories.csv and
 * dispensingUnits.csv (the guide's "product categories" and "dosage units" tables) and
 * commodityTypes.csv here; trade items and lots, then orderables with their program settings and
 * kit contents, in the files re-exported below.
 *
 * commodityTypes.csv names a type's parent by its classification id alone ("Parent
 * Classification Id"): a parent is always in its child's classification system, so the system
 * is not repeated. A parent comes before its children in the file (exports are written so).
 */
import { CommodityType } from '../../commodity-types/commodity-type.entity.js';
import { commodityTypeService } from '../../commodity-types/commodity-type.service.js';
import { validateCommodityType, type CommodityTypeInput } from '../../commodity-types/commodity-type.schema.js';
import { DispensingUnit } from '../../dispensing-units/dispensing-unit.entity.js';
import { dispensingUnitService } from '../../dispensing-units/dispensing-unit.service.js';
import { validateDispensingUnit } from '../../dispensing-units/dispensing-unit.schema.js';
import { orderableDisplayCategoryService } from '../../orderable-display-categories/orderable-display-category.service.js';
import { validateOrderableDisplayCategory } from '../../orderable-display-categories/orderable-display-category.schema.js';
import { cell, codedCsvType } from '../coded-csv-type.js';
import type { CsvType } from '../csv-type.js';
import { classificationCell, column, defined } from './catalogue-cells.js';

export { lotsCsv, tradeItemsCsv } from './trade-items.csv.js';
export { orderablesCsv } from './orderables.csv.js';
export { orderableChildrenCsv, orderableProgramsCsv } from './orderable-settings.csv.js';

const CATEGORY = {
  code: column('Category Code', 'code', { required: true, aliases: ['Code'] }),
  name: column('Category Name', 'name', { required: true, aliases: ['Name'] }),
  displayOrder: column('Display Order', 'displayOrder', { required: true }),
  description: column('Description', 'description'),
};

export const orderableDisplayCategoriesCsv = codedCsvType({
  type: 'orderableDisplayCategories',
  title: 'Product categories (orderable display categories)',
  columns: Object.values(CATEGORY),
  service: orderableDisplayCategoryService,
  validate: validateOrderableDisplayCategory,
  toInput: (row) => ({
    code: row.text(CATEGORY.code)!,
    name: row.text(CATEGORY.name)!,
    displayOrder: row.integer(CATEGORY.displayOrder),
    description: row.text(CATEGORY.description),
  }),
  toCells: (c) => [c.code, c.name, c.displayOrder, c.description],
  orderBy: 'displayOrder',
});

/**
 * The guide's dosage unit table has no name; a unit needs one, so a blank Name keeps the unit's
 * current name, and a new unit is named by its code.
 */
const UNIT = {
  code: column('Dosage Unit Code', 'code', { required: true, aliases: ['Dispensing Unit Code', 'Code'] }),
  displayOrder: column('Display Order', 'displayOrder', { required: true }),
  name: column('Name', 'name'),
  description: column('Description', 'description'),
};

export const dispensingUnitsCsv = codedCsvType({
  type: 'dispensingUnits',
  title: 'Dosage units (dispensing units)',
  columns: Object.values(UNIT),
  service: dispensingUnitService,
  validate: validateDispensingUnit,
  prepare: async (manager) => new Map((await manager.find(DispensingUnit)).map((unit) => [unit.code, unit.name])),
  toInput: (row, currentNames) => {
    const code = row.text(UNIT.code)!;
    return {
      code,
      name: row.text(UNIT.name) ?? currentNames.get(code) ?? code,
      displayOrder: row.integer(UNIT.displayOrder),
      description: row.text(UNIT.description),
    };
  },
  toCells: (u) => [u.code, u.displayOrder, u.name, u.description],
  orderBy: 'displayOrder',
});

const COMMODITY_TYPE = {
  name: column('Name', 'name', { required: true }),
  system: column('Classification System', 'classificationSystem', { required: true }),
  code: column('Classification Id', 'classificationId', { required: true, aliases: ['Classification Code'] }),
  parent: column('Parent Classification Id', 'parentId', { aliases: ['Parent', 'Parent Classification Code'] }),
};

/** Commodity type ids by "SYSTEM|CODE"; rows add what they create, so later rows can name them as parents. */
type CommodityTypeIds = Map<string, string>;

export const commodityTypesCsv: CsvType<CommodityTypeInput, CommodityTypeIds> = {
  type: 'commodityTypes',
  title: 'Commodity types',
  store: 'typeorm',
  columns: Object.values(COMMODITY_TYPE),
  async prepare(scope) {
    const types = await scope.manager.find(CommodityType);
    return new Map(types.map((t) => [classificationCell(t), t.id]));
  },
  toInput(row, ids) {
    const classificationSystem = row.text(COMMODITY_TYPE.system);
    const parentCode = row.text(COMMODITY_TYPE.parent);
    const parent = classificationSystem && parentCode ? { classificationSystem, classificationId: parentCode } : undefined;
    const parentId = parent && ids.get(classificationCell(parent));
    if (parent && !parentId) row.fail(COMMODITY_TYPE.parent, `there is no commodity type ${classificationCell(parent)} (a parent comes before its children in the file)`);
    const fields = { name: row.text(COMMODITY_TYPE.name), classificationSystem, classificationId: row.text(COMMODITY_TYPE.code), parentId };
    return row.errors.length > 0 ? undefined : validateCommodityType(defined(fields));
  },
  key: classificationCell,
  async write(input, scope, ids) {
    const service = commodityTypeService(scope.manager);
    const existing = await service.findByClassification(input.classificationSystem, input.classificationId);
    if (existing && existing.name === input.name && existing.parentId === (input.parentId ?? null)) return 'updated'; // nothing to change
    const saved = existing ? await service.update(existing.id, input) : await service.create(input);
    ids.set(classificationCell(saved), saved.id);
    return existing ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const types = await context.dataSource.getRepository(CommodityType).find({ order: { classificationSystem: 'ASC', classificationId: 'ASC' } });
    const byId = new Map(types.map((t) => [t.id, t]));
    for (const type of parentsFirst(types, byId)) {
      yield [type.name, type.classificationSystem, type.classificationId, type.parentId ? byId.get(type.parentId)?.classificationId : undefined].map(cell);
    }
  },
};

/** Types ordered by depth in their tree (stable within a depth), so every parent precedes its children. */
function parentsFirst(types: CommodityType[], byId: Map<string, CommodityType>): CommodityType[] {
  const depth = (type: CommodityType, seen = 0): number => {
    const parent = type.parentId ? byId.get(type.parentId) : undefined;
    return parent && seen < 64 ? 1 + depth(parent, seen + 1) : 0;
  };
  const depths = new Map(types.map((t) => [t.id, depth(t)]));
  return [...types].sort((a, b) => depths.get(a.id)! - depths.get(b.id)!);
}
