/**
 * Trade items (configuration guide, "Trade Items"): a manufacturer, an optional GTIN (check digit
 * validated, unique in its 14-digit form) and at most one classification per classification
 * system. Never deleted: lots and orderables refer to them.
 */
import type { EntityManager } from 'typeorm';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import type { Repositories } from '../shared/context.js';
import { catalogueErrors, fieldError, likePattern, rethrowUnique } from '../orderables/catalogue-support.js';
import { gtin14, gtinProblem } from './gtin.js';
import { TradeItem, TradeItemClassification } from './trade-item.entity.js';
import type { TradeItemClassificationInput, TradeItemInput } from './trade-item.schema.js';

export type TradeItemView = TradeItem & { classifications: TradeItemClassificationInput[] };

export interface TradeItemFilter {
  ids?: string[];
  /** Any GTIN form of the item (a GTIN-12 finds the item stored with its GTIN-14 and back). */
  gtin?: string;
  /** Part of the manufacturer's name, any case. */
  manufacturerOfTradeItem?: string;
  classificationSystem?: string;
  classificationId?: string;
}

const errors = catalogueErrors('tradeItem');

export function tradeItemService(db: Repositories): TradeItemService {
  return new TradeItemService(db);
}

export class TradeItemService {
  constructor(private readonly db: Repositories) {}

  async list(filter: TradeItemFilter, paging: PageRequest): Promise<Page<TradeItemView>> {
    const query = this.db.getRepository(TradeItem).createQueryBuilder('t');
    if (filter.ids) query.andWhere('t.id IN (:...ids)', { ids: filter.ids });
    if (filter.gtin !== undefined) query.andWhere(`lpad(t.gtin, 14, '0') = :gtin`, { gtin: gtin14(filter.gtin) });
    if (filter.manufacturerOfTradeItem !== undefined) query.andWhere('t.manufacturerOfTradeItem ILIKE :maker', { maker: likePattern(filter.manufacturerOfTradeItem) });
    if (filter.classificationSystem !== undefined || filter.classificationId !== undefined) {
      const conditions = ['c.trade_item_id = t.id'];
      if (filter.classificationSystem !== undefined) conditions.push('c.classification_system = :system');
      if (filter.classificationId !== undefined) conditions.push('c.classification_id = :code');
      query.andWhere(`EXISTS (SELECT 1 FROM trade_item_classifications c WHERE ${conditions.join(' AND ')})`, {
        system: filter.classificationSystem,
        code: filter.classificationId,
      });
    }
    for (const { field, direction } of paging.sort) query.addOrderBy(`t.${field}`, direction);
    query.addOrderBy('t.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [items, total] = await query.getManyAndCount();
    return toPage(await withClassifications(this.db, items), total, paging);
  }

  async get(id: string): Promise<TradeItemView> {
    const found = await this.db.getRepository(TradeItem).findOneBy({ id });
    if (!found) throw this.notFound(id);
    const [view] = await withClassifications(this.db, [found]);
    return view;
  }

  async findByGtin(gtin: string): Promise<TradeItemView | undefined> {
    const found = await this.db.getRepository(TradeItem).createQueryBuilder('t').where(`lpad(t.gtin, 14, '0') = :gtin`, { gtin: gtin14(gtin) }).getOne();
    return found ? this.get(found.id) : undefined;
  }

  /**
   * The natural key an import matches rows on: the GTIN when the row has one, otherwise the
   * manufacturer's one trade item without a GTIN (409 when it has several: the row is ambiguous).
   */
  async findByNaturalKey(input: Pick<TradeItemInput, 'gtin' | 'manufacturerOfTradeItem'>): Promise<TradeItemView | undefined> {
    const gtin = blankToNull(input.gtin);
    if (gtin) return this.findByGtin(gtin);
    const withoutGtin = await this.db
      .getRepository(TradeItem)
      .createQueryBuilder('t')
      .where('t.manufacturerOfTradeItem = :maker AND t.gtin IS NULL', { maker: input.manufacturerOfTradeItem })
      .orderBy('t.id')
      .take(2)
      .getMany();
    if (withoutGtin.length > 1) {
      throw errors(409, 'ambiguous', `${input.manufacturerOfTradeItem} has several trade items without a GTIN; give the GTIN, or update one by its id`);
    }
    return withoutGtin[0] ? this.get(withoutGtin[0].id) : undefined;
  }

  /** Creates, or updates the trade item with the input's natural key whatever its version (CSV re-import). */
  async upsertByNaturalKey(input: TradeItemInput): Promise<TradeItemView> {
    const existing = await this.findByNaturalKey(input);
    return existing ? this.update(existing.id, input) : this.create(input);
  }

  notFound(id: string) {
    return errors(404, 'notFound', `Trade item ${id} does not exist`);
  }

  async create(input: TradeItemInput): Promise<TradeItemView> {
    const fields = checked(input);
    const id = await this.db.transaction(async (manager) => {
      const created = await manager.save(manager.create(TradeItem, fields)).catch((error) => rethrowUnique(error, duplicated(fields.gtin)));
      await saveClassifications(manager, created.id, input.classifications);
      return created.id;
    });
    return this.get(id);
  }

  /** Updates when `expectedVersion` (If-Match) is absent or current; a stale one answers 409. */
  async update(id: string, input: TradeItemInput, expectedVersion?: number): Promise<TradeItemView> {
    const fields = checked(input);
    await this.db.transaction(async (manager) => {
      const current = await manager.findOneBy(TradeItem, { id });
      if (!current) throw this.notFound(id);
      const result = await manager
        .createQueryBuilder()
        .update(TradeItem)
        .set({ ...fields, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: expectedVersion ?? current.version })
        .execute()
        .catch((error) => rethrowUnique(error, duplicated(fields.gtin)));
      if (result.affected === 0) throw errors(409, 'versionConflict', `Trade item ${id} was changed by someone else; reload it and try again`);
      await saveClassifications(manager, id, input.classifications);
    });
    return this.get(id);
  }
}

/** The columns an input sets, after the rules ajv cannot express: a valid GTIN, one classification per system. */
function checked(input: TradeItemInput): Pick<TradeItem, 'manufacturerOfTradeItem' | 'gtin'> {
  const gtin = blankToNull(input.gtin);
  const problem = gtin === null ? undefined : gtinProblem(gtin);
  if (problem) throw fieldError(errors, 'gtin', 'gtin.invalid', problem);
  const systems = new Set<string>();
  for (const { classificationSystem } of input.classifications ?? []) {
    if (systems.has(classificationSystem)) {
      throw fieldError(errors, 'classifications', 'classifications.duplicated', `A trade item has one classification per system; ${classificationSystem} is given twice`);
    }
    systems.add(classificationSystem);
  }
  return { manufacturerOfTradeItem: input.manufacturerOfTradeItem, gtin };
}

/** A blank GTIN (an empty CSV cell) means the item has none. */
function blankToNull(gtin: string | null | undefined): string | null {
  return gtin === undefined || gtin === null || gtin.trim() === '' ? null : gtin;
}

function duplicated(gtin: string | null) {
  return { trade_items_gtin_unique: () => errors(409, 'gtin.duplicated', `A trade item with GTIN ${gtin} (or the same GTIN with leading zeros) already exists`) };
}

async function saveClassifications(manager: EntityManager, tradeItemId: string, classifications: TradeItemClassificationInput[] = []): Promise<void> {
  await manager.delete(TradeItemClassification, { tradeItemId });
  if (classifications.length === 0) return;
  await manager.insert(
    TradeItemClassification,
    classifications.map((c) => ({ tradeItemId, classificationSystem: c.classificationSystem, classificationId: c.classificationId })),
  );
}

async function withClassifications(db: Repositories, items: TradeItem[]): Promise<TradeItemView[]> {
  if (items.length === 0) return [];
  const rows = await db
    .getRepository(TradeItemClassification)
    .createQueryBuilder('c')
    .where('c.tradeItemId IN (:...ids)', { ids: items.map((item) => item.id) })
    .orderBy('c.classificationSystem', 'ASC')
    .getMany();
  const byItem = new Map<string, TradeItemClassificationInput[]>();
  for (const row of rows) {
    const list = byItem.get(row.tradeItemId) ?? [];
    list.push({ classificationSystem: row.classificationSystem, classificationId: row.classificationId });
    byItem.set(row.tradeItemId, list);
  }
  return items.map((item) => ({ ...item, classifications: byItem.get(item.id) ?? [] }));
}
