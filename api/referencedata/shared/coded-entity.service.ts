/**
 * What every coded reference data entity shares (programs, facility types, geographic levels,
 * ...): lists filtered by exact code and by name, reads, creates and updates with unique
 * case-sensitive codes (409) and optimistic locking on `version` (409 when stale). Entities are
 * deactivated, never deleted. Each entity supplies its table's rules; the mechanics live here once.
 */
import type { EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import type { CodedEntityColumns, CodedEntityInput } from './coded-entity.entity.js';
import type { Repositories } from './context.js';
import { escapeLike } from '../../db/like.js';

export type CodedEntity = CodedEntityColumns & ObjectLiteral;

export interface CodedEntityRules<E extends CodedEntity, I extends CodedEntityInput> {
  /** Used in message keys and messages: `referenceData.error.<key>.notFound`, "Program ...". */
  key: string;
  label: string;
  /**
   * Unique constraints beyond the code's, and the message key their violation answers with. The
   * code's is `<table>_code_unique` on every table, answered with `...<key>.code.duplicated`.
   */
  uniqueConstraints?: Record<string, { field: keyof I & string; messageKey: string }>;
  /** The entity's own columns an input sets (code, name and description are set for every entity). */
  ownFields?(input: I): Partial<E>;
}

export interface CodedEntityFilter {
  code?: string;
  name?: string;
}

const UNIQUE_VIOLATION = '23505';

export class CodedEntityService<E extends CodedEntity, I extends CodedEntityInput> {
  private readonly repository: Repository<E>;
  private readonly uniqueConstraints: NonNullable<CodedEntityRules<E, I>['uniqueConstraints']>;

  constructor(
    db: Repositories,
    entity: EntityTarget<E>,
    private readonly rules: CodedEntityRules<E, I>,
  ) {
    this.repository = db.getRepository(entity);
    const codeConstraint = `${this.repository.metadata.tableName}_code_unique`;
    this.uniqueConstraints = { [codeConstraint]: { field: 'code', messageKey: `referenceData.error.${rules.key}.code.duplicated` }, ...rules.uniqueConstraints };
  }

  /** The entity class, for exports that read the whole table. */
  get target() {
    return this.repository.target;
  }

  async list(filter: CodedEntityFilter, paging: PageRequest): Promise<Page<E>> {
    const query = this.repository.createQueryBuilder('e');
    if (filter.code !== undefined) query.andWhere('e.code = :code', { code: filter.code });
    if (filter.name !== undefined) query.andWhere(`e.name ILIKE '%' || :name || '%'`, { name: escapeLike(filter.name) });
    for (const { field, direction } of paging.sort) query.addOrderBy(`e.${field}`, direction);
    query.addOrderBy('e.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(content, total, paging);
  }

  async get(id: string): Promise<E> {
    const found = await this.repository.findOneBy({ id } as never);
    if (!found) throw this.notFound(id);
    return found;
  }

  async findByCode(code: string): Promise<E | undefined> {
    return (await this.repository.findOneBy({ code } as never)) ?? undefined;
  }

  /** Creates, or updates the entity with the input's code whatever its version (CSV re-import). */
  async upsertByCode(input: I): Promise<E> {
    const existing = await this.findByCode(input.code);
    return existing ? this.update(existing.id, input) : this.create(input);
  }

  notFound(id: string): ApiError {
    return new ApiError(404, `referenceData.error.${this.rules.key}.notFound`, `${this.rules.label} ${id} does not exist`);
  }

  async create(input: I): Promise<E> {
    return this.saving(input, () => this.repository.save(this.repository.create(this.fields(input) as E)));
  }

  /** Updates when `expectedVersion` (If-Match) is absent or current; a stale one answers 409. */
  async update(id: string, input: I, expectedVersion?: number): Promise<E> {
    const current = await this.get(id);
    const result = await this.saving(input, () =>
      this.repository
        .createQueryBuilder()
        .update()
        .set({ ...this.fields(input), version: () => 'version + 1' } as never)
        .where('id = :id AND version = :version', { id, version: expectedVersion ?? current.version })
        .execute(),
    );
    if (result.affected === 0) {
      throw new ApiError(409, `referenceData.error.${this.rules.key}.versionConflict`, `${this.rules.label} ${id} was changed by someone else; reload it and try again`);
    }
    return this.get(id);
  }

  private fields(input: I): Partial<E> {
    return { code: input.code, name: input.name, description: input.description ?? null, ...this.rules.ownFields?.(input) } as Partial<E>;
  }

  private async saving<T>(input: I, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const failure = error as { driverError?: { code?: string; constraint?: string } };
      const unique = failure.driverError?.code === UNIQUE_VIOLATION ? this.uniqueConstraints[failure.driverError.constraint ?? ''] : undefined;
      if (unique) {
        const value = String(input[unique.field]);
        throw new ApiError(409, unique.messageKey, `A ${this.rules.label.toLowerCase()} with ${unique.field} "${value}" already exists`);
      }
      throw error;
    }
  }
}
