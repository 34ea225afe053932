/**
 * Stock card line item reasons: names unique and case-sensitive (409 on a clash), optimistic
 * locking on `version`, and one rule between the fields: a balance adjustment only arises from a
 * physical inventory count, so only that category may have that type. Reasons are never deleted:
 * stock history refers to them. Built from a data source or an import's transaction.
 */
import type { Repository } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import type { Repositories } from '../shared/context.js';
import { violatedUnique } from '../stock-configuration/db-errors.js';
import { StockCardLineItemReason, type ReasonCategory, type ReasonType } from './stock-reason.entity.js';
import type { StockReasonInput } from './stock-reason.schema.js';
import { escapeLike } from '../../db/like.js';

export interface StockReasonFilter {
  /** Part of the name, any case. */
  name?: string;
  reasonTypes?: ReasonType[];
  reasonCategories?: ReasonCategory[];
  tag?: string;
}

const NAME_UNIQUE = 'stock_card_line_item_reasons_name_unique';
const error = (status: number, problem: string, message: string) => new ApiError(status, `referenceData.error.stockCardLineItemReason.${problem}`, message);

export class StockReasonService {
  private readonly repository: Repository<StockCardLineItemReason>;

  constructor(db: Repositories) {
    this.repository = db.getRepository(StockCardLineItemReason);
  }

  async list(filter: StockReasonFilter, paging: PageRequest): Promise<Page<StockCardLineItemReason>> {
    const query = this.repository.createQueryBuilder('r');
    if (filter.name) query.andWhere(`r.name ILIKE '%' || :name || '%'`, { name: escapeLike(filter.name) });
    if (filter.reasonTypes) query.andWhere('r.reasonType IN (:...types)', { types: filter.reasonTypes });
    if (filter.reasonCategories) query.andWhere('r.reasonCategory IN (:...categories)', { categories: filter.reasonCategories });
    if (filter.tag) query.andWhere(':tag = ANY(r.tags)', { tag: filter.tag });
    for (const { field, direction } of paging.sort) query.addOrderBy(`r.${field}`, direction);
    query.addOrderBy('r.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(content, total, paging);
  }

  async get(id: string): Promise<StockCardLineItemReason> {
    const found = await this.repository.findOneBy({ id });
    if (!found) throw this.notFound(id);
    return found;
  }

  async findByName(name: string): Promise<StockCardLineItemReason | undefined> {
    return (await this.repository.findOneBy({ name })) ?? undefined;
  }

  /** Every tag in use, sorted: what a report or a requisition template can group by. */
  async tags(): Promise<string[]> {
    const rows: Array<{ tag: string }> = await this.repository.query('SELECT DISTINCT unnest(tags) AS tag FROM stock_card_line_item_reasons ORDER BY tag');
    return rows.map((row) => row.tag);
  }

  async create(input: StockReasonInput): Promise<StockCardLineItemReason> {
    checkTypeFitsCategory(input);
    return this.saving(input, () => this.repository.save(this.repository.create(fields(input))));
  }

  /** Updates when `expectedVersion` (If-Match or the body's version) is absent or current; else 409. */
  async update(id: string, input: StockReasonInput, expectedVersion?: number): Promise<StockCardLineItemReason> {
    checkTypeFitsCategory(input);
    const current = await this.get(id);
    const result = await this.saving(input, () =>
      this.repository
        .createQueryBuilder()
        .update()
        .set({ ...fields(input), version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: expectedVersion ?? current.version })
        .execute(),
    );
    if (result.affected === 0) throw error(409, 'versionConflict', `Reason ${id} was changed by someone else; reload it and try again`);
    return this.get(id);
  }

  /** Creates the reason with the input's name, or updates it whatever its version (CSV re-import). */
  async upsertByName(input: StockReasonInput): Promise<StockCardLineItemReason> {
    const existing = await this.findByName(input.name);
    return existing ? this.update(existing.id, input) : this.create(input);
  }

  notFound(id: string): ApiError {
    return error(404, 'notFound', `Reason ${id} does not exist`);
  }

  private async saving<T>(input: StockReasonInput, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (failure) {
      if (violatedUnique(failure) === NAME_UNIQUE) throw error(409, 'name.duplicated', `A reason named "${input.name}" already exists`);
      throw failure;
    }
  }
}

export function stockReasonService(db: Repositories): StockReasonService {
  return new StockReasonService(db);
}

function checkTypeFitsCategory(input: StockReasonInput): void {
  if (input.reasonType === 'BALANCE_ADJUSTMENT' && input.reasonCategory !== 'PHYSICAL_INVENTORY') {
    throw error(400, 'typeNotAllowed', `A ${input.reasonCategory} reason is a CREDIT or a DEBIT; BALANCE_ADJUSTMENT is for PHYSICAL_INVENTORY reasons only`);
  }
}

function fields(input: StockReasonInput): Partial<StockCardLineItemReason> {
  return {
    name: input.name,
    description: input.description ?? null,
    reasonCategory: input.reasonCategory,
    reasonType: input.reasonType,
    isFreeTextAllowed: input.isFreeTextAllowed ?? false,
    tags: input.tags ?? [],
  };
}
