/** Programs: the rules of the configuration guide (unique case-sensitive codes, deactivate, never delete). */
import type { DataSource, Repository } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { Program } from './program.entity.js';
import type { ProgramInput } from './program.schema.js';

export interface ProgramFilter {
  code?: string;
  name?: string;
}

const UNIQUE_VIOLATION = '23505';

export class ProgramService {
  private readonly programs: Repository<Program>;

  constructor(dataSource: DataSource) {
    this.programs = dataSource.getRepository(Program);
  }

  async list(filter: ProgramFilter, paging: PageRequest): Promise<Page<Program>> {
    const query = this.programs.createQueryBuilder('p');
    if (filter.code !== undefined) query.andWhere('p.code = :code', { code: filter.code });
    if (filter.name !== undefined) query.andWhere(`p.name ILIKE '%' || :name || '%'`, { name: escapeLike(filter.name) });
    for (const { field, direction } of paging.sort) query.addOrderBy(`p.${field}`, direction);
    query.addOrderBy('p.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(content, total, paging);
  }

  async get(id: string): Promise<Program> {
    const program = await this.programs.findOneBy({ id });
    if (!program) throw new ApiError(404, 'referenceData.error.program.notFound', `Program ${id} does not exist`);
    return program;
  }

  async create(input: ProgramInput): Promise<Program> {
    return this.saving(input.code, () => this.programs.save(this.programs.create(fields(input))));
  }

  /** Updates when `expectedVersion` (If-Match) is absent or current; a stale one answers 409. */
  async update(id: string, input: ProgramInput, expectedVersion?: number): Promise<Program> {
    const current = await this.get(id);
    const result = await this.saving(input.code, () =>
      this.programs
        .createQueryBuilder()
        .update(Program)
        .set({ ...fields(input), version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: expectedVersion ?? current.version })
        .execute(),
    );
    if (result.affected === 0) {
      throw new ApiError(409, 'referenceData.error.program.versionConflict', `Program ${id} was changed by someone else; reload it and try again`);
    }
    return this.get(id);
  }

  private async saving<T>(code: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const pg = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
      const cause = pg.driverError ?? pg;
      if (cause.code === UNIQUE_VIOLATION && cause.constraint === 'programs_code_unique') {
        throw new ApiError(409, 'referenceData.error.program.code.duplicated', `A program with code "${code}" already exists`);
      }
      throw error;
    }
  }
}

function fields(input: ProgramInput): Omit<Program, 'id' | 'version'> {
  return {
    code: input.code,
    name: input.name,
    description: input.description ?? null,
    active: input.active,
    periodsSkippable: input.periodsSkippable,
    showNonFullSupplyTab: input.showNonFullSupplyTab,
    skipAuthorization: input.skipAuthorization,
    enableDatePhysicalStockCountCompleted: input.enableDatePhysicalStockCountCompleted,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
