/**
 * Lots of trade items: the code is unique per trade item (case-sensitive); an item is not made
 * after it expires; a lot stays with the trade item it was made for (stock cards count it as
 * that item). Lots are deactivated, never deleted.
 */
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import type { Repositories } from '../shared/context.js';
import { catalogueErrors, fieldError, rethrowUnique } from '../orderables/catalogue-support.js';
import { TradeItem } from '../trade-items/trade-item.entity.js';
import { Lot } from './lot.entity.js';
import type { LotInput } from './lot.schema.js';

export interface LotFilter {
  ids?: string[];
  tradeItemIds?: string[];
  lotCode?: string;
  /** Lots expiring in [expirationDateFrom, expirationDateTo], either end optional. */
  expirationDateFrom?: string;
  expirationDateTo?: string;
  /** true: expired before today; false: not expired yet, or without an expiry date. */
  expired?: boolean;
  active?: boolean;
}

const errors = catalogueErrors('lot');

export function lotService(db: Repositories): LotService {
  return new LotService(db);
}

export class LotService {
  constructor(private readonly db: Repositories) {}

  async list(filter: LotFilter, paging: PageRequest): Promise<Page<Lot>> {
    const query = this.db.getRepository(Lot).createQueryBuilder('l');
    if (filter.ids) query.andWhere('l.id IN (:...ids)', { ids: filter.ids });
    if (filter.tradeItemIds) query.andWhere('l.tradeItemId IN (:...tradeItemIds)', { tradeItemIds: filter.tradeItemIds });
    if (filter.lotCode !== undefined) query.andWhere('l.lotCode = :lotCode', { lotCode: filter.lotCode });
    if (filter.expirationDateFrom) query.andWhere('l.expirationDate >= :from', { from: filter.expirationDateFrom });
    if (filter.expirationDateTo) query.andWhere('l.expirationDate <= :to', { to: filter.expirationDateTo });
    if (filter.expired === true) query.andWhere('l.expirationDate < CURRENT_DATE');
    if (filter.expired === false) query.andWhere('(l.expirationDate IS NULL OR l.expirationDate >= CURRENT_DATE)');
    if (filter.active !== undefined) query.andWhere('l.active = :active', { active: filter.active });
    for (const { field, direction } of paging.sort) query.addOrderBy(`l.${field}`, direction);
    query.addOrderBy('l.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(content, total, paging);
  }

  async get(id: string): Promise<Lot> {
    const found = await this.db.getRepository(Lot).findOneBy({ id });
    if (!found) throw this.notFound(id);
    return found;
  }

  /** The natural key an import matches rows on. */
  async findByLotCode(tradeItemId: string, lotCode: string): Promise<Lot | undefined> {
    return (await this.db.getRepository(Lot).findOneBy({ tradeItemId, lotCode })) ?? undefined;
  }

  /** Creates, or updates the trade item's lot with the input's code whatever its version (CSV re-import). */
  async upsertByLotCode(input: LotInput): Promise<Lot> {
    const existing = await this.findByLotCode(input.tradeItemId, input.lotCode);
    return existing ? this.update(existing.id, input) : this.create(input);
  }

  notFound(id: string) {
    return errors(404, 'notFound', `Lot ${id} does not exist`);
  }

  async create(input: LotInput): Promise<Lot> {
    checkDates(input);
    return this.db.transaction(async (manager) => {
      if (!(await manager.existsBy(TradeItem, { id: input.tradeItemId }))) {
        throw fieldError(errors, 'tradeItemId', 'tradeItem.notFound', `Trade item ${input.tradeItemId} does not exist`);
      }
      return manager.save(manager.create(Lot, fieldsOf(input))).catch((error) => rethrowUnique(error, duplicated(input)));
    });
  }

  /** Updates when `expectedVersion` (If-Match) is absent or current; a stale one answers 409. */
  async update(id: string, input: LotInput, expectedVersion?: number): Promise<Lot> {
    checkDates(input);
    const current = await this.get(id);
    if (input.tradeItemId !== current.tradeItemId) {
      throw fieldError(errors, 'tradeItemId', 'tradeItem.immutable', 'A lot stays with its trade item; create a lot for the other trade item instead');
    }
    // A transaction even for one statement: inside an import, a refused write then rolls back only its savepoint.
    const result = await this.db.transaction((manager) =>
      manager
        .createQueryBuilder()
        .update(Lot)
        .set({ ...fieldsOf(input), version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: expectedVersion ?? current.version })
        .execute()
        .catch((error) => rethrowUnique(error, duplicated(input))),
    );
    if (result.affected === 0) throw errors(409, 'versionConflict', `Lot ${id} was changed by someone else; reload it and try again`);
    return this.get(id);
  }
}

function fieldsOf(input: LotInput): Partial<Lot> {
  return {
    lotCode: input.lotCode,
    tradeItemId: input.tradeItemId,
    expirationDate: input.expirationDate ?? null,
    manufactureDate: input.manufactureDate ?? null,
    active: input.active ?? true,
  };
}

/** 'YYYY-MM-DD' days compare as text. */
function checkDates(input: LotInput): void {
  if (input.manufactureDate && input.expirationDate && input.manufactureDate > input.expirationDate) {
    throw fieldError(errors, 'manufactureDate', 'dates', `The manufacture date (${input.manufactureDate}) must not be after the expiration date (${input.expirationDate})`);
  }
}

function duplicated(input: LotInput) {
  return { lots_lot_code_unique: () => errors(409, 'lotCode.duplicated', `Trade item ${input.tradeItemId} already has a lot "${input.lotCode}"`) };
}
