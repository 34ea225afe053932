/**
 * Which requisition group gives a facility a program: the `requisition_group_coverage` table, one
 * row per (member facility, program) of every group, rebuilt whenever a group is written. Its
 * primary key (facility_id, program_id) is the rule that a facility gets each program through one
 * group only, so on one schedule and with one approval route; the database holds it even when two
 * administrators (or an import and an administrator) write at the same time.
 */
import type { EntityManager } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import type { Summary } from '../supervisory-nodes/references.js';

export const COVERAGE_CONSTRAINT = 'requisition_group_coverage_facility_program_unique';

/** What a group covers after a write: every member facility gets every program of the group. */
export interface Coverage {
  groupId: string;
  groupCode: string;
  facilityIds: string[];
  programIds: string[];
}

export async function coverageOf(tx: EntityManager, group: { id: string; code: string }): Promise<Coverage> {
  const [row]: Array<{ facility_ids: string[]; program_ids: string[] }> = await tx.query(
    `SELECT array(SELECT facility_id FROM requisition_group_members WHERE requisition_group_id = $1) AS facility_ids,
            array(SELECT program_id FROM requisition_group_program_schedules WHERE requisition_group_id = $1) AS program_ids`,
    [group.id],
  );
  return { groupId: group.id, groupCode: group.code, facilityIds: row.facility_ids, programIds: row.program_ids };
}

/**
 * Replaces the group's coverage rows. A conflict with another group that has committed is found
 * first and explained; one that commits while we write makes the insert fail on the primary key
 * (the caller explains it with `explainConflict` once our transaction has rolled back). Rows go
 * in key order, so two writers covering the same pairs wait for each other instead of deadlocking.
 */
export async function rebuildCoverage(tx: EntityManager, coverage: Coverage): Promise<void> {
  await tx.query('DELETE FROM requisition_group_coverage WHERE requisition_group_id = $1', [coverage.groupId]);
  await explainConflict(tx, coverage);
  await tx.query(
    `INSERT INTO requisition_group_coverage (facility_id, program_id, requisition_group_id)
     SELECT f, p, $1 FROM unnest($2::text[]) AS f, unnest($3::uuid[]) AS p ORDER BY f, p`,
    [coverage.groupId, coverage.facilityIds, coverage.programIds],
  );
}

/** Throws 409 naming the facility, the program and both groups when another group covers a pair. */
export async function explainConflict(db: EntityManager, coverage: Coverage): Promise<void> {
  if (coverage.facilityIds.length === 0 || coverage.programIds.length === 0) return;
  const [conflict]: Array<{ facility_id: string; program_id: string; program_code: string; group_id: string; group_code: string; group_name: string; schedule_code: string }> =
    await db.query(
      `SELECT c.facility_id, c.program_id, p.code AS program_code, g.id AS group_id, g.code AS group_code, g.name AS group_name, s.code AS schedule_code
         FROM requisition_group_coverage c
         JOIN requisition_groups g ON g.id = c.requisition_group_id
         JOIN programs p ON p.id = c.program_id
         JOIN requisition_group_program_schedules rgps ON rgps.requisition_group_id = c.requisition_group_id AND rgps.program_id = c.program_id
         JOIN processing_schedules s ON s.id = rgps.processing_schedule_id
        WHERE c.facility_id = ANY($1::text[]) AND c.program_id = ANY($2::uuid[]) AND c.requisition_group_id <> $3::uuid
        ORDER BY c.facility_id, p.code
        LIMIT 1`,
      [coverage.facilityIds, coverage.programIds, coverage.groupId],
    );
  if (!conflict) return;
  throw new ApiError(
    409,
    'referenceData.error.requisitionGroup.facilityProgramConflict',
    `Facility ${conflict.facility_id} already gets program "${conflict.program_code}" from requisition group "${conflict.group_code}" ` +
      `(schedule "${conflict.schedule_code}"), so requisition group "${coverage.groupCode}" cannot give it that program too: ` +
      'a facility gets each program through one requisition group, on one schedule',
    {
      facilityId: conflict.facility_id,
      programId: conflict.program_id,
      requisitionGroupCode: coverage.groupCode,
      conflictingRequisitionGroup: { id: conflict.group_id, code: conflict.group_code, name: conflict.group_name },
    },
  );
}

export function isCoverageViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' && driverError.constraint === COVERAGE_CONSTRAINT;
}

/** The answer to "on which schedule does this facility run this program, and who approves it?" */
export interface FacilitySchedule {
  facilityId: string;
  programId: string;
  processingSchedule: Summary;
  requisitionGroup: Summary;
  supervisoryNode: Summary;
  directDelivery: boolean;
  dropOffFacilityId: string | null;
}

export async function scheduleFor(db: EntityManager, facilityId: string, programId: string): Promise<FacilitySchedule | undefined> {
  const [row] = await db.query(
    `SELECT c.facility_id, c.program_id, rgps.direct_delivery, rgps.drop_off_facility_id,
            s.id AS s_id, s.code AS s_code, s.name AS s_name,
            g.id AS g_id, g.code AS g_code, g.name AS g_name,
            n.id AS n_id, n.code AS n_code, n.name AS n_name
       FROM requisition_group_coverage c
       JOIN requisition_group_program_schedules rgps ON rgps.requisition_group_id = c.requisition_group_id AND rgps.program_id = c.program_id
       JOIN processing_schedules s ON s.id = rgps.processing_schedule_id
       JOIN requisition_groups g ON g.id = c.requisition_group_id
       JOIN supervisory_nodes n ON n.id = g.supervisory_node_id
      WHERE c.facility_id = $1 AND c.program_id = $2`,
    [facilityId, programId],
  );
  if (!row) return undefined;
  return {
    facilityId: row.facility_id,
    programId: row.program_id,
    processingSchedule: { id: row.s_id, code: row.s_code, name: row.s_name },
    requisitionGroup: { id: row.g_id, code: row.g_code, name: row.g_name },
    supervisoryNode: { id: row.n_id, code: row.n_code, name: row.n_name },
    directDelivery: row.direct_delivery,
    dropOffFacilityId: row.drop_off_facility_id,
  };
}
