/**
 * Supply lines (configuration guide, "Setting up Supply Lines"): one per supervisory node and
 * program (a unique constraint, so concurrent writers cannot both add one), a supplying facility
 * checked in the FHIR directory, an optional unique case-sensitive code. Any node may carry one:
 * the guide puts them at the top of a hierarchy for external fulfillment and at an intermediate
 * node for local fulfillment (that node's approval then becomes the final one).
 */
import type { EntityManager } from 'typeorm';
import type { FacilityDirectory } from '../../../fhir/index.js';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import type { Repositories } from '../shared/context.js';
import { raceOnReference, requireFacilities, requireRows, type Summary } from '../supervisory-nodes/references.js';
import { SupplyLine } from './supply-line.entity.js';
import type { SupplyLineInput } from './supply-line.schema.js';

export interface SupplyLineFilter {
  code?: string;
  supervisoryNodeId?: string;
  programId?: string;
  supplyingFacilityId?: string;
}

const KEY = 'supplyLine';
const LABEL = 'supply line';
const error = (status: number, problem: string, message: string, details?: unknown) => new ApiError(status, `referenceData.error.${KEY}.${problem}`, message, details);

export function supplyLineService(db: Repositories, directory: FacilityDirectory): SupplyLineService {
  return new SupplyLineService(db, directory);
}

export class SupplyLineService {
  constructor(
    private readonly db: Repositories,
    private readonly directory: FacilityDirectory,
  ) {}

  async list(filter: SupplyLineFilter, paging: PageRequest): Promise<Page<SupplyLine>> {
    const query = this.repository.createQueryBuilder('l');
    if (filter.code !== undefined) query.andWhere('l.code = :code', { code: filter.code });
    if (filter.supervisoryNodeId !== undefined) query.andWhere('l.supervisoryNodeId = :node', { node: filter.supervisoryNodeId });
    if (filter.programId !== undefined) query.andWhere('l.programId = :program', { program: filter.programId });
    if (filter.supplyingFacilityId !== undefined) query.andWhere('l.supplyingFacilityId = :facility', { facility: filter.supplyingFacilityId });
    for (const { field, direction } of paging.sort) query.addOrderBy(`l.${field}`, direction);
    query.addOrderBy('l.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(content, total, paging);
  }

  async get(id: string): Promise<SupplyLine> {
    const found = await this.repository.findOneBy({ id });
    if (!found) throw this.notFound(id);
    return found;
  }

  async findByCode(code: string): Promise<SupplyLine | undefined> {
    return (await this.repository.findOneBy({ code })) ?? undefined;
  }

  /** The natural key: a node has at most one supply line per program. */
  async findByNodeAndProgram(supervisoryNodeId: string, programId: string): Promise<SupplyLine | undefined> {
    return (await this.repository.findOneBy({ supervisoryNodeId, programId })) ?? undefined;
  }

  notFound(id: string): ApiError {
    return error(404, 'notFound', `Supply line ${id} does not exist`);
  }

  async create(input: SupplyLineInput): Promise<SupplyLine> {
    await requireFacilities(this.directory, KEY, [{ field: 'supplyingFacilityId', facilityId: input.supplyingFacilityId }]);
    return this.db.transaction(async (tx) => {
      const refs = await requireReferences(tx, input);
      const created = tx.create(SupplyLine, fields(input));
      return tx.save(created).catch(duplicate(input, refs));
    });
  }

  /** Updates when `expectedVersion` (If-Match or the body's version) is absent or current; stale answers 409. */
  async update(id: string, input: SupplyLineInput, expectedVersion?: number): Promise<SupplyLine> {
    const current = await this.get(id);
    await requireFacilities(this.directory, KEY, [{ field: 'supplyingFacilityId', facilityId: input.supplyingFacilityId }]);
    return this.db.transaction(async (tx) => {
      const refs = await requireReferences(tx, input);
      const result = await tx
        .createQueryBuilder()
        .update(SupplyLine)
        .set({ ...fields(input), version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: expectedVersion ?? current.version })
        .execute()
        .catch(duplicate(input, refs));
      if (result.affected === 0) throw error(409, 'versionConflict', `Supply line ${id} was changed by someone else; reload it and try again`);
      return (await tx.findOneBy(SupplyLine, { id }))!;
    });
  }

  /**
   * Creates or updates (whatever its version) the supply line with the input's code or, for a
   * line without one, the line of the same node and program (CSV re-import).
   */
  async upsertByCode(input: SupplyLineInput): Promise<SupplyLine> {
    const existing = (input.code ? await this.findByCode(input.code) : undefined) ?? (await this.findByNodeAndProgram(input.supervisoryNodeId, input.programId));
    return existing ? this.update(existing.id, input) : this.create(input);
  }

  /** Orders keep their own copy of the supplying facility, so removing a line orphans nothing. */
  async remove(id: string): Promise<void> {
    const result = await this.repository.delete({ id });
    if (!result.affected) throw this.notFound(id);
  }

  /** Reads go to the data source, or to the caller's transaction. */
  private get repository() {
    return this.db.getRepository(SupplyLine);
  }
}

function fields(input: SupplyLineInput): Partial<SupplyLine> {
  return {
    code: input.code ?? null,
    description: input.description ?? null,
    supervisoryNodeId: input.supervisoryNodeId,
    programId: input.programId,
    supplyingFacilityId: input.supplyingFacilityId,
  };
}

interface References {
  node: Summary;
  program: Summary;
}

async function requireReferences(tx: EntityManager, input: SupplyLineInput): Promise<References> {
  const nodes = await requireRows(tx, 'supervisory_nodes', [input.supervisoryNodeId], KEY, 'supervisoryNodeUnknown', 'supervisory node');
  const programs = await requireRows(tx, 'programs', [input.programId], KEY, 'programUnknown', 'program');
  return { node: nodes.get(input.supervisoryNodeId)!, program: programs.get(input.programId)! };
}

/** Unique violations as 409s that say which rule: the code, or one line per node and program. */
function duplicate(input: SupplyLineInput, { node, program }: References) {
  return (failure: unknown): never => {
    const driverError = (failure as { driverError?: { code?: string; constraint?: string } }).driverError;
    if (driverError?.code === '23505' && driverError.constraint === 'supply_lines_code_unique') {
      throw error(409, 'code.duplicated', `A supply line with code "${input.code}" already exists`);
    }
    if (driverError?.code === '23505' && driverError.constraint === 'supply_lines_node_program_unique') {
      throw error(409, 'duplicated', `Supervisory node "${node.code}" already has a supply line for program "${program.code}"; a node has one supply line per program`, {
        supervisoryNodeId: node.id,
        programId: program.id,
      });
    }
    return raceOnReference(KEY, LABEL)(failure);
  };
}
