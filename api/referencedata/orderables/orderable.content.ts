/**
 * An orderable version's content, checked against the rest of the catalogue: every referenced
 * entity exists (400 naming the one that does not), one entry per program, a kit holds neither
 * itself nor a kit that holds it, prices are exact amounts. The same content compares equal to
 * what is stored, so an import can skip writing a version that would change nothing.
 */
import type { EntityManager } from 'typeorm';
import { DispensingUnit } from '../dispensing-units/dispensing-unit.entity.js';
import { CommodityType } from '../commodity-types/commodity-type.entity.js';
import { TradeItem } from '../trade-items/trade-item.entity.js';
import { catalogueErrors, fieldError, lockHierarchy } from './catalogue-support.js';
import { parseMoney } from './money.js';
import type { DispensableInput, OrderableInput } from './orderable.schema.js';

export interface OrderableContent {
  productCode: string;
  fullProductName: string;
  description: string | null;
  netContent: number;
  packRoundingThreshold: number;
  roundToZero: boolean;
  dispensingUnitId: string | null;
  tradeItemId: string | null;
  commodityTypeId: string | null;
  extraData: Record<string, unknown>;
  programs: Array<{
    programId: string;
    orderableDisplayCategoryId: string;
    active: boolean;
    fullSupply: boolean;
    displayOrder: number;
    dosesPerPatient: number | null;
    /** Canonical decimal text (money.ts). */
    pricePerPack: string | null;
  }>;
  children: Array<{ childId: string; quantity: number }>;
}

export const orderableErrors = catalogueErrors('orderable');
const KIT_LOCK = 'orderable_kits';

/** Checks an input (of orderable `selfId` when it exists already) and resolves what it names. */
export async function resolveContent(manager: EntityManager, input: OrderableInput, selfId?: string): Promise<OrderableContent> {
  const programs = programsOf(input);
  const children = childrenOf(input, selfId);
  const content: OrderableContent = {
    productCode: input.productCode,
    fullProductName: input.fullProductName,
    description: input.description ?? null,
    netContent: input.netContent,
    packRoundingThreshold: input.packRoundingThreshold,
    roundToZero: input.roundToZero,
    dispensingUnitId: await dispensingUnitOf(manager, input.dispensable),
    tradeItemId: await existing(manager, TradeItem, input.identifiers?.tradeItem, { field: 'identifiers.tradeItem', problem: 'tradeItem.notFound', label: 'Trade item' }),
    commodityTypeId: await existing(manager, CommodityType, input.identifiers?.commodityType, {
      field: 'identifiers.commodityType',
      problem: 'commodityType.notFound',
      label: 'Commodity type',
    }),
    extraData: input.extraData ?? {},
    programs,
    children,
  };
  await checkAllExist(manager, { table: 'programs', ids: programs.map((p) => p.programId), field: 'programs.#.programId', problem: 'program.notFound', label: 'Program' });
  await checkAllExist(manager, {
    table: 'orderable_display_categories',
    ids: programs.map((p) => p.orderableDisplayCategoryId),
    field: 'programs.#.orderableDisplayCategoryId',
    problem: 'orderableDisplayCategory.notFound',
    label: 'Orderable display category',
  });
  await checkAllExist(manager, { table: 'orderables', ids: children.map((c) => c.childId), field: 'children.#.orderableId', problem: 'child.notFound', label: 'Orderable' });
  if (selfId && children.length > 0) await checkNoKitCycle(manager, selfId, children);
  return content;
}

/** A text that is equal for equal contents, whatever the order keys and entries were given in. */
export function contentKey(content: OrderableContent): string {
  const programs = [...content.programs].sort((a, b) => byText(a.programId, b.programId));
  const children = [...content.children].sort((a, b) => byText(a.childId, b.childId));
  return stableJson({ ...content, programs, children });
}

/** Plain code-unit order: the same on every machine, whatever its locale. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function programsOf(input: OrderableInput): OrderableContent['programs'] {
  const seen = new Set<string>();
  return (input.programs ?? []).map((entry, index) => {
    if (seen.has(entry.programId)) {
      throw fieldError(orderableErrors, `programs.${index}.programId`, 'programs.duplicated', `Program ${entry.programId} is listed twice: an orderable has one entry per program`);
    }
    seen.add(entry.programId);
    return {
      programId: entry.programId,
      orderableDisplayCategoryId: entry.orderableDisplayCategoryId,
      active: entry.active ?? true,
      fullSupply: entry.fullSupply,
      displayOrder: entry.displayOrder,
      dosesPerPatient: entry.dosesPerPatient ?? null,
      pricePerPack: priceOf(entry.pricePerPack, index),
    };
  });
}

function priceOf(price: number | string | null | undefined, index: number): string | null {
  if (price === undefined || price === null || price === '') return null;
  const amount = parseMoney(price);
  if (amount === undefined) {
    throw fieldError(orderableErrors, `programs.${index}.pricePerPack`, 'pricePerPack.invalid', `The price per pack "${price}" must be an amount of at least 0 with at most 4 decimal places`);
  }
  return amount;
}

function childrenOf(input: OrderableInput, selfId?: string): OrderableContent['children'] {
  const seen = new Set<string>();
  return (input.children ?? []).map(({ orderableId, quantity }, index) => {
    if (orderableId === selfId) throw fieldError(orderableErrors, `children.${index}.orderableId`, 'children.self', 'A kit cannot contain itself');
    if (seen.has(orderableId)) {
      throw fieldError(orderableErrors, `children.${index}.orderableId`, 'children.duplicated', `Orderable ${orderableId} is listed twice in the kit; give its total quantity once`);
    }
    seen.add(orderableId);
    return { childId: orderableId, quantity };
  });
}

/** The dispensing unit named by id or by code; when both are given (a read sent back) they must agree. */
async function dispensingUnitOf(manager: EntityManager, dispensable: DispensableInput | null | undefined): Promise<string | null> {
  if (!dispensable) return null;
  const { dispensingUnitId, dispensingUnit: code } = dispensable;
  if (!dispensingUnitId && code === undefined) {
    throw fieldError(orderableErrors, 'dispensable', 'dispensingUnit.required', 'A dispensable names its dispensing unit: dispensingUnitId or dispensingUnit (the code)');
  }
  const unit = await manager.findOneBy(DispensingUnit, dispensingUnitId ? { id: dispensingUnitId } : { code });
  if (!unit) {
    const named = dispensingUnitId ?? `"${code}"`;
    throw fieldError(orderableErrors, 'dispensable', 'dispensingUnit.notFound', `Dispensing unit ${named} does not exist`);
  }
  if (code !== undefined && unit.code !== code) {
    throw fieldError(orderableErrors, 'dispensable', 'dispensingUnit.mismatch', `Dispensing unit ${unit.id} has code "${unit.code}", not "${code}"`);
  }
  return unit.id;
}

/** How a missing reference is reported: the field in error, the message key's problem, the entity's label. */
interface Named {
  field: string;
  problem: string;
  label: string;
}

async function existing(manager: EntityManager, entity: typeof TradeItem | typeof CommodityType, id: string | undefined, { field, problem, label }: Named): Promise<string | null> {
  if (!id) return null;
  if (!(await manager.existsBy(entity, { id }))) throw fieldError(orderableErrors, field, problem, `${label} ${id} does not exist`);
  return id;
}

/** A list of references to one table; `field` has `#` where the index of the entry in error goes. */
interface References extends Named {
  table: 'programs' | 'orderable_display_categories' | 'orderables';
  ids: string[];
}

/** One query per kind of reference; the 400 names the first id that does not exist. */
async function checkAllExist(manager: EntityManager, { table, ids, field, problem, label }: References): Promise<void> {
  if (ids.length === 0) return;
  const rows: Array<{ id: string }> = await manager.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
  const found = new Set(rows.map((row) => row.id));
  const index = ids.findIndex((id) => !found.has(id));
  if (index >= 0) throw fieldError(orderableErrors, field.replace('#', String(index)), problem, `${label} ${ids[index]} does not exist`);
}

/** A kit must not hold, at any depth of the latest versions, the orderable it is part of. */
async function checkNoKitCycle(manager: EntityManager, selfId: string, children: OrderableContent['children']): Promise<void> {
  await lockHierarchy(manager, KIT_LOCK);
  const rows = await manager.query(
    `WITH RECURSIVE contents(id) AS (
       SELECT unnest($1::uuid[])
       UNION
       SELECT ch.child_id FROM contents c
       JOIN orderables o ON o.id = c.id
       JOIN orderable_children ch ON ch.orderable_id = o.id AND ch.version_number = o.version_number
     )
     SELECT 1 FROM contents WHERE id = $2 LIMIT 1`,
    [children.map((c) => c.childId), selfId],
  );
  if (rows.length > 0) throw fieldError(orderableErrors, 'children', 'children.cycle', 'A kit cannot contain a kit that contains it, at any depth');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => byText(a, b));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
