/**
 * Orderables (configuration guide, "Setup Orderables"; OpenLMIS `Orderable.updateFrom`): product
 * codes unique and case-sensitive; every update writes version N+1 and keeps version N readable,
 * so requisitions keep the version they were made with. A stale expected version answers 409;
 * concurrent updates are serialised by locking the orderable's row. Never deleted.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import type { Repositories } from '../shared/context.js';
import { likePattern, rethrowUnique } from './catalogue-support.js';
import { contentKey, orderableErrors as errors, resolveContent, type OrderableContent } from './orderable.content.js';
import { Orderable, OrderableChild, OrderableProgram, OrderableVersion } from './orderable.entity.js';
import type { OrderableInput } from './orderable.schema.js';
import { assembleViews, contentOf, type OrderableView } from './orderable.view.js';

export interface OrderableFilter {
  ids?: string[];
  /** The exact product code (case-sensitive). */
  code?: string;
  /** Part of the full product name, any case. */
  name?: string;
  /** Orderables the program orders (in their latest version). */
  programCode?: string;
  programId?: string;
}

export function orderableService(db: Repositories): OrderableService {
  return new OrderableService(db);
}

export class OrderableService {
  constructor(private readonly db: Repositories) {}

  /** Latest versions only. */
  async list(filter: OrderableFilter, paging: PageRequest): Promise<Page<OrderableView>> {
    const query = this.db
      .getRepository(OrderableVersion)
      .createQueryBuilder('v')
      .innerJoin(Orderable, 'o', 'o.id = v.orderableId AND o.versionNumber = v.versionNumber');
    if (filter.ids) query.andWhere('v.orderableId IN (:...ids)', { ids: filter.ids });
    if (filter.code !== undefined) query.andWhere('v.productCode = :code', { code: filter.code });
    if (filter.name !== undefined) query.andWhere('v.fullProductName ILIKE :name', { name: likePattern(filter.name) });
    if (filter.programId !== undefined || filter.programCode !== undefined) {
      const program = [filter.programId !== undefined ? 'p.id = :programId' : '', filter.programCode !== undefined ? 'p.code = :programCode' : ''].filter(Boolean);
      query.andWhere(
        `EXISTS (SELECT 1 FROM orderable_programs op JOIN programs p ON p.id = op.program_id
                  WHERE op.orderable_id = v.orderableId AND op.version_number = v.versionNumber AND ${program.join(' AND ')})`,
        { programId: filter.programId, programCode: filter.programCode },
      );
    }
    for (const { field, direction } of paging.sort) query.addOrderBy(`v.${field}`, direction);
    query.addOrderBy('v.orderableId', 'ASC').offset(paging.page * paging.size).limit(paging.size);
    const [versions, total] = await query.getManyAndCount();
    return toPage(await assembleViews(this.db, versions), total, paging);
  }

  /** The latest version. */
  async get(id: string): Promise<OrderableView> {
    const current = await this.db.getRepository(Orderable).findOneBy({ id });
    if (!current) throw this.notFound(id);
    return this.getVersion(id, current.versionNumber);
  }

  async getVersion(id: string, versionNumber: number): Promise<OrderableView> {
    const version = await this.db.getRepository(OrderableVersion).findOneBy({ orderableId: id, versionNumber });
    if (!version) {
      if (!(await this.db.getRepository(Orderable).existsBy({ id }))) throw this.notFound(id);
      throw errors(404, 'versionNotFound', `Orderable ${id} has no version ${versionNumber}`);
    }
    const [view] = await assembleViews(this.db, [version]);
    return view;
  }

  /** Every version of an orderable, oldest first unless sorted otherwise. */
  async versions(id: string, paging: PageRequest): Promise<Page<OrderableView>> {
    if (!(await this.db.getRepository(Orderable).existsBy({ id }))) throw this.notFound(id);
    const query = this.db.getRepository(OrderableVersion).createQueryBuilder('v').where('v.orderableId = :id', { id });
    for (const { field, direction } of paging.sort) query.addOrderBy(`v.${field}`, direction);
    query.offset(paging.page * paging.size).limit(paging.size);
    const [versions, total] = await query.getManyAndCount();
    return toPage(await assembleViews(this.db, versions), total, paging);
  }

  /** The natural key an import matches rows on (the latest version's product code). */
  async findByProductCode(productCode: string): Promise<OrderableView | undefined> {
    const found = await this.db.getRepository(Orderable).findOneBy({ productCode });
    return found ? this.get(found.id) : undefined;
  }

  /**
   * Creates, or updates the orderable with the input's product code whatever its version (CSV
   * re-import). Unlike an update through the API, an input that changes nothing writes no new
   * version: importing the same file twice leaves the versions as they were.
   */
  async upsertByProductCode(input: OrderableInput): Promise<OrderableView> {
    const existing = await this.db.getRepository(Orderable).findOneBy({ productCode: input.productCode });
    return existing ? this.write(existing.id, input, { onlyIfChanged: true }) : this.create(input);
  }

  notFound(id: string) {
    return errors(404, 'notFound', `Orderable ${id} does not exist`);
  }

  async create(input: OrderableInput): Promise<OrderableView> {
    const id = randomUUID();
    await this.db.transaction(async (manager) => {
      const content = await resolveContent(manager, input);
      await manager
        .insert(Orderable, { id, productCode: content.productCode, versionNumber: 1, tradeItemId: content.tradeItemId })
        .catch((error) => rethrowUnique(error, duplicated(content)));
      await insertVersion(manager, id, 1, content);
    });
    return this.get(id);
  }

  /** Writes the next version, when `expectedVersion` (If-Match) is absent or the latest; a stale one answers 409. */
  async update(id: string, input: OrderableInput, expectedVersion?: number): Promise<OrderableView> {
    return this.write(id, input, { expectedVersion, onlyIfChanged: false });
  }

  private async write(id: string, input: OrderableInput, options: { expectedVersion?: number; onlyIfChanged: boolean }): Promise<OrderableView> {
    await this.db.transaction(async (manager) => {
      const latest = await lockLatestVersion(manager, id);
      if (latest === undefined) throw this.notFound(id);
      if (options.expectedVersion !== undefined && options.expectedVersion !== latest) {
        throw errors(409, 'versionConflict', `Orderable ${id} is at version ${latest}, not ${options.expectedVersion}: someone else changed it; reload it and try again`);
      }
      const content = await resolveContent(manager, input, id);
      if (options.onlyIfChanged && (await isUnchanged(manager, id, latest, content))) return;
      const next = latest + 1;
      await manager
        .update(Orderable, { id }, { productCode: content.productCode, versionNumber: next, tradeItemId: content.tradeItemId })
        .catch((error) => rethrowUnique(error, duplicated(content)));
      await insertVersion(manager, id, next, content);
    });
    return this.get(id);
  }
}

/** The latest version number, with the orderable's row locked until the transaction ends (undefined: no such orderable). */
async function lockLatestVersion(manager: EntityManager, id: string): Promise<number | undefined> {
  const rows: Array<{ version_number: number }> = await manager.query('SELECT version_number FROM orderables WHERE id = $1 FOR UPDATE', [id]);
  return rows[0]?.version_number;
}

async function isUnchanged(manager: EntityManager, id: string, versionNumber: number, content: OrderableContent): Promise<boolean> {
  const stored = await manager.findOneByOrFail(OrderableVersion, { orderableId: id, versionNumber });
  const [view] = await assembleViews(manager, [stored]);
  return contentKey(contentOf(view)) === contentKey(content);
}

async function insertVersion(manager: EntityManager, orderableId: string, versionNumber: number, content: OrderableContent): Promise<void> {
  const { programs, children, ...columns } = content;
  // TypeORM's insert typing cannot take an open JSON object for a jsonb column; the value is stored as given.
  await manager.insert(OrderableVersion, { orderableId, versionNumber, ...columns, extraData: columns.extraData as never });
  if (programs.length > 0) await manager.insert(OrderableProgram, programs.map((program) => ({ orderableId, versionNumber, ...program })));
  if (children.length > 0) await manager.insert(OrderableChild, children.map((child) => ({ orderableId, versionNumber, ...child })));
}

function duplicated(content: OrderableContent) {
  return {
    orderables_code_unique: () => errors(409, 'code.duplicated', `An orderable with product code "${content.productCode}" already exists`),
    orderables_trade_item_unique: () =>
      errors(409, 'tradeItem.duplicated', `Trade item ${content.tradeItemId} already has an orderable; a trade item is ordered under one product code`),
  };
}
