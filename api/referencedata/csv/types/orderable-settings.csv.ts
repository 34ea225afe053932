/**
 * orderablePrograms.csv (how each program orders a product: category, full supply, display
 * order, price per pack, doses per patient) and orderableChildren.csv (what a kit holds), kept
 * apart from orderables.csv as OpenLMIS's reference data keeps them. A row adds or replaces one
 * entry of the orderable's latest version; entries a file does not name stay. The orderable
 * service writes a new version only when the entry changes something, so a re-import writes none.
 */
import { OrderableDisplayCategory } from '../../orderable-display-categories/orderable-display-category.entity.js';
import { parseMoney } from '../../orderables/money.js';
import { Orderable } from '../../orderables/orderable.entity.js';
import type { OrderableInput, ProgramOrderableInput } from '../../orderables/orderable.schema.js';
import { orderableService } from '../../orderables/orderable.service.js';
import type { OrderableView } from '../../orderables/orderable.view.js';
import { Program } from '../../programs/program.entity.js';
import { ApiError } from '../../../http/errors.js';
import type { Repositories } from '../../shared/context.js';
import { cell } from '../coded-csv-type.js';
import type { CsvType, ImportScope } from '../csv-type.js';
import type { RowReader } from '../row-reader.js';
import { column, everyPage, wholeNumber, writingEntry } from './catalogue-cells.js';
import { orderableInput } from './orderables.csv.js';

/** Ids by the codes rows use, and codes by id for exports. */
interface Codes {
  orderables: Map<string, string>;
  programs: Map<string, Program>;
  categories: Map<string, string>;
}

async function loadCodes(db: Repositories): Promise<Codes> {
  // One after another: inside an import they share the transaction's connection.
  const orderables = await db.getRepository(Orderable).find();
  const programs = await db.getRepository(Program).find();
  const categories = await db.getRepository(OrderableDisplayCategory).find();
  return {
    orderables: new Map(orderables.map((o) => [o.productCode, o.id])),
    programs: new Map(programs.map((p) => [p.code, p])),
    categories: new Map(categories.map((c) => [c.code, c.id])),
  };
}

const SETTING = {
  productCode: column('Product Code', 'productCode', { required: true }),
  program: column('Program Code', 'programId', { required: true, aliases: ['Program'] }),
  category: column('Category Code', 'orderableDisplayCategoryId', { required: true, aliases: ['Category', 'Orderable Display Category'] }),
  fullSupply: column('Full Supply', 'fullSupply', { required: true }),
  displayOrder: column('Display Order', 'displayOrder', { required: true }),
  pricePerPack: column('Price Per Pack', 'pricePerPack'),
  active: column('Active', 'active'),
  dosesPerPatient: column('Doses Per Patient', 'dosesPerPatient'),
};

interface SettingRow {
  productCode: string;
  programCode: string;
  entry: ProgramOrderableInput;
}

export const orderableProgramsCsv: CsvType<SettingRow, Codes> = {
  type: 'orderablePrograms',
  title: 'Programs ordering each orderable',
  store: 'typeorm',
  columns: Object.values(SETTING),
  prepare: (scope) => loadCodes(scope.manager),
  toInput(row, codes) {
    const productCode = row.code(SETTING.productCode, (code) => (codes.orderables.has(code) ? code : undefined), 'orderable');
    // The guide's example names programs by name ("Essential Meds"); codes are accepted too.
    const program = row.code(SETTING.program, (text) => codes.programs.get(text) ?? [...codes.programs.values()].find((p) => p.name === text), 'program');
    const entry = {
      programId: program?.id,
      orderableDisplayCategoryId: row.code(SETTING.category, (code) => codes.categories.get(code), 'product category'),
      fullSupply: row.boolean(SETTING.fullSupply),
      displayOrder: wholeNumber(row, SETTING.displayOrder, 0),
      pricePerPack: price(row),
      active: row.boolean(SETTING.active, true),
      dosesPerPatient: wholeNumber(row, SETTING.dosesPerPatient, 1) ?? null,
    };
    if (row.errors.length > 0 || !productCode || !program) return undefined;
    return { productCode, programCode: program.code, entry: entry as ProgramOrderableInput };
  },
  key: ({ productCode, programCode }) => `${productCode} in ${programCode}`,
  async write({ productCode, entry }, scope) {
    return writeEntry(scope, productCode, 'programs', 'programId', (orderable) => {
      const known = orderable.programs.some((p) => p.programId === entry.programId);
      const programs = known ? orderable.programs.map((p) => (p.programId === entry.programId ? entry : p)) : [...orderable.programs, entry];
      return { known, change: { programs } };
    });
  },
  async *exportRows(context) {
    const codes = await loadCodes(context.dataSource);
    const programCodes = new Map([...codes.programs.values()].map((p) => [p.id, p.code]));
    const categoryCodes = new Map([...codes.categories].map(([code, id]) => [id, code]));
    for await (const o of latestOrderables(context.dataSource)) {
      const settings = o.programs.map((p) => ({ ...p, programCode: programCodes.get(p.programId) ?? '' })).sort((a, b) => byText(a.programCode, b.programCode));
      for (const p of settings) {
        yield [o.productCode, p.programCode, categoryCodes.get(p.orderableDisplayCategoryId), p.fullSupply, p.displayOrder, p.pricePerPack, p.active, p.dosesPerPatient].map(cell);
      }
    }
  },
};

/** The price as exact decimal text ("2154.65"), or null when blank. */
function price(row: RowReader): string | null | undefined {
  const text = row.text(SETTING.pricePerPack);
  if (text === undefined) return null;
  return parseMoney(text) ?? row.fail(SETTING.pricePerPack, `"${text}" is not an amount of at least 0 with at most 4 decimal places (no commas or currency)`);
}

const KIT = {
  kit: column('Kit Product Code', 'productCode', { required: true, aliases: ['Kit Code', 'Kit'] }),
  child: column('Child Product Code', 'orderableId', { required: true, aliases: ['Child Code', 'Child'] }),
  quantity: column('Quantity', 'quantity', { required: true }),
};

interface KitRow {
  kitCode: string;
  childCode: string;
  child: { orderableId: string; quantity: number };
}

export const orderableChildrenCsv: CsvType<KitRow, Codes> = {
  type: 'orderableChildren',
  title: 'Kit contents',
  store: 'typeorm',
  columns: Object.values(KIT),
  prepare: (scope) => loadCodes(scope.manager),
  toInput(row, codes) {
    const kitCode = row.code(KIT.kit, (code) => (codes.orderables.has(code) ? code : undefined), 'orderable');
    const childCode = row.code(KIT.child, (code) => (codes.orderables.has(code) ? code : undefined), 'orderable');
    const quantity = wholeNumber(row, KIT.quantity, 1);
    if (kitCode && kitCode === childCode) row.fail(KIT.child, 'a kit cannot contain itself');
    if (row.errors.length > 0 || !kitCode || !childCode || quantity === undefined) return undefined;
    return { kitCode, childCode, child: { orderableId: codes.orderables.get(childCode)!, quantity } };
  },
  key: ({ kitCode, childCode }) => `${kitCode} holding ${childCode}`,
  async write({ kitCode, child }, scope) {
    return writeEntry(scope, kitCode, 'children', 'orderableId', (kit) => {
      const known = kit.children.some((c) => c.orderableId === child.orderableId);
      const children = known ? kit.children.map((c) => (c.orderableId === child.orderableId ? child : c)) : [...kit.children, child];
      return { known, change: { children } };
    });
  },
  async *exportRows(context) {
    const codes = await loadCodes(context.dataSource);
    const productCodes = new Map([...codes.orderables].map(([code, id]) => [id, code]));
    for await (const kit of latestOrderables(context.dataSource)) {
      const children = kit.children.map((c) => ({ code: productCodes.get(c.orderableId) ?? '', quantity: c.quantity })).sort((a, b) => byText(a.code, b.code));
      for (const c of children) yield [kit.productCode, c.code, c.quantity].map(cell);
    }
  },
};

type OrderableParts = Pick<OrderableInput, 'programs' | 'children'>;

/**
 * Adds or replaces one entry of an orderable's programs or kit contents: `edit` returns the
 * changed list and whether the entry was there already. Refusals name the entry's own field.
 */
async function writeEntry(
  scope: ImportScope,
  productCode: string,
  list: 'programs' | 'children',
  listField: string,
  edit: (current: OrderableParts) => { known: boolean; change: Partial<OrderableParts> },
): Promise<'created' | 'updated'> {
  const service = orderableService(scope.manager);
  const orderable = await service.findByProductCode(productCode);
  if (!orderable) throw notFound(productCode);
  const current = orderableInput(orderable);
  const { known, change } = edit(current);
  await writingEntry(list, listField, () => service.upsertByProductCode({ ...current, ...change }));
  return known ? 'updated' : 'created';
}

function notFound(productCode: string): ApiError {
  const message = `there is no orderable with product code "${productCode}"`;
  return new ApiError(400, 'referenceData.error.orderable.notFound', message, { fieldErrors: { productCode: message } });
}

function latestOrderables(db: Repositories): AsyncIterable<OrderableView> {
  return everyPage((paging) => orderableService(db).list({}, paging), [{ field: 'productCode', direction: 'ASC' }]);
}

/** Plain code-unit order, the same on every machine. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
