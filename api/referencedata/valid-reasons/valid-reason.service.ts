/**
 * Valid reason assignments (configuration guide, "Setup Adjustment Reasons": a reason is offered
 * per program and facility type, shown or hidden). One per (program, facility type, reason);
 * assigning again updates `hidden` (an upsert by that natural key, as OpenLMIS answers a repeated
 * POST with the existing assignment). Stock history names reasons, not assignments, so an
 * assignment may be removed.
 */
import type { Repository } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { toPage, type Page, type PageRequest } from '../../http/paging.js';
import { FacilityType } from '../facility-types/facility-type.entity.js';
import { Program } from '../programs/program.entity.js';
import type { Repositories } from '../shared/context.js';
import { violatedForeignKey } from '../stock-configuration/db-errors.js';
import { unknownReferences, unknownReferencesError } from '../stock-configuration/references.js';
import { StockCardLineItemReason, type ReasonType } from '../stock-reasons/stock-reason.entity.js';
import { ValidReasonAssignment } from './valid-reason.entity.js';
import type { ValidReasonInput } from './valid-reason.schema.js';

/** What the API answers: OpenLMIS's shape, with the whole reason. */
export interface ValidReasonView {
  id: string;
  programId: string;
  facilityTypeId: string;
  hidden: boolean;
  reason: StockCardLineItemReason;
}

export interface ValidReasonFilter {
  programId?: string;
  facilityTypeId?: string;
  reasonId?: string;
  reasonTypes?: ReasonType[];
  hidden?: boolean;
}

export class ValidReasonService {
  private readonly repository: Repository<ValidReasonAssignment>;

  constructor(private readonly db: Repositories) {
    this.repository = db.getRepository(ValidReasonAssignment);
  }

  async list(filter: ValidReasonFilter, paging: PageRequest): Promise<Page<ValidReasonView>> {
    const query = this.repository.createQueryBuilder('a').innerJoinAndSelect('a.reason', 'r');
    if (filter.programId) query.andWhere('a.programId = :programId', { programId: filter.programId });
    if (filter.facilityTypeId) query.andWhere('a.facilityTypeId = :facilityTypeId', { facilityTypeId: filter.facilityTypeId });
    if (filter.reasonId) query.andWhere('a.reasonId = :reasonId', { reasonId: filter.reasonId });
    if (filter.reasonTypes) query.andWhere('r.reasonType IN (:...reasonTypes)', { reasonTypes: filter.reasonTypes });
    if (filter.hidden !== undefined) query.andWhere('a.hidden = :hidden', { hidden: filter.hidden });
    for (const { field, direction } of paging.sort) query.addOrderBy(field, direction);
    query.addOrderBy('a.id', 'ASC').skip(paging.page * paging.size).take(paging.size);
    const [content, total] = await query.getManyAndCount();
    return toPage(content.map(toView), total, paging);
  }

  async get(id: string): Promise<ValidReasonView> {
    const found = await this.repository.findOne({ where: { id }, relations: { reason: true } });
    if (!found) throw this.notFound(id);
    return toView(found);
  }

  /** Creates the assignment, or sets `hidden` on the one for the same program, facility type and reason. */
  async assign(input: ValidReasonInput): Promise<{ assignment: ValidReasonView; created: boolean }> {
    const unknown = await unknownReferences(this.db, [
      { field: 'programId', label: 'Program', entity: Program, id: input.programId },
      { field: 'facilityTypeId', label: 'Facility type', entity: FacilityType, id: input.facilityTypeId },
      { field: 'reason.id', label: 'Reason', entity: StockCardLineItemReason, id: input.reason.id },
    ]);
    if (Object.keys(unknown).length > 0) throw unknownReferencesError('validReason', unknown);
    const rows: Array<{ id: string; created: boolean }> = await this.repository
      .query(
        // xmax is 0 only on a freshly inserted row: it tells a create from an update.
        `INSERT INTO valid_reason_assignments (program_id, facility_type_id, reason_id, hidden) VALUES ($1, $2, $3, $4)
         ON CONFLICT (program_id, facility_type_id, reason_id) DO UPDATE SET hidden = EXCLUDED.hidden
         RETURNING id, (xmax = 0) AS created`,
        [input.programId, input.facilityTypeId, input.reason.id, input.hidden ?? false],
      )
      .catch((failure: unknown) => {
        if (violatedForeignKey(failure)) throw unknownReferencesError('validReason', { reference: 'A record this assignment refers to was removed meanwhile' });
        throw failure;
      });
    return { assignment: await this.get(rows[0].id), created: rows[0].created };
  }

  async remove(id: string): Promise<void> {
    const result = await this.repository.delete({ id });
    if (!result.affected) throw this.notFound(id);
  }

  notFound(id: string): ApiError {
    return new ApiError(404, 'referenceData.error.validReason.notFound', `Valid reason assignment ${id} does not exist`);
  }
}

export function validReasonService(db: Repositories): ValidReasonService {
  return new ValidReasonService(db);
}

function toView(assignment: ValidReasonAssignment): ValidReasonView {
  const { id, programId, facilityTypeId, hidden, reason } = assignment;
  return { id, programId, facilityTypeId, hidden, reason };
}
