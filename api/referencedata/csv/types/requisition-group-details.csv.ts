/**
 * requisitionGroupMembers.csv and requisitionGroupProgramSchedules.csv: the guide's member and
 * "Associating Requisition Group Programs and Schedules" tables. Each row adds to (or, for a
 * program's schedule, replaces within) a group that requisitionGroups.csv created; what a file
 * does not name is left as it is. Written through the group service, which checks the facilities
 * and that a facility gets each program through one group only.
 */
import type { EntityManager } from 'typeorm';
import { ProcessingSchedule } from '../../processing-schedules/processing-schedule.entity.js';
import { Program } from '../../programs/program.entity.js';
import { RequisitionGroup, RequisitionGroupMember, RequisitionGroupProgramSchedule } from '../../requisition-groups/requisition-group.entity.js';
import type { ProgramScheduleInput, RequisitionGroupInput } from '../../requisition-groups/requisition-group.schema.js';
import { requisitionGroupService, type RequisitionGroupService, type RequisitionGroupView } from '../../requisition-groups/requisition-group.service.js';
import { cell } from '../coded-csv-type.js';
import type { CsvColumn, CsvType, ImportScope } from '../csv-type.js';
import { FacilityCodes, FacilityIds, inColumn, NamedTable, unchanged } from './lookups.js';

const GROUP_CODE = { header: 'Requisition Group Code', field: 'code', required: true, aliases: ['Requisition Group', 'RG Code'] } satisfies CsvColumn;

const MEMBER = {
  group: GROUP_CODE,
  facility: { header: 'Facility Code', field: 'memberFacilityIds', required: true, aliases: ['Facility', 'Member Facility Code'] },
} satisfies Record<string, CsvColumn>;

interface MemberRow {
  group: RequisitionGroup;
  facilityCode: string;
}

interface MemberLookups {
  groups: NamedTable<RequisitionGroup>;
  facilities: FacilityCodes;
}

export const requisitionGroupMembersCsv: CsvType<MemberRow, MemberLookups> = {
  type: 'requisitionGroupMembers',
  title: 'Requisition group members',
  store: 'typeorm',
  columns: Object.values(MEMBER),
  prepare: async (scope) => ({ groups: await loadGroups(scope.manager), facilities: new FacilityCodes(scope.context) }),
  toInput(row, { groups }) {
    const fields = { group: row.code(MEMBER.group, (text) => groups.find(text), 'requisition group'), facilityCode: row.text(MEMBER.facility) };
    return row.errors.length > 0 ? undefined : (fields as MemberRow);
  },
  key: ({ group, facilityCode }) => `${group.code} / ${facilityCode}`,
  async write({ group, facilityCode }, scope, { facilities }) {
    const facilityId = await facilities.idOf(facilityCode, 'requisitionGroup', MEMBER.facility.field);
    const { service, current } = await currentGroup(scope, group);
    if (current.memberFacilityIds.includes(facilityId)) return 'updated';
    const memberFacilityIds = [...current.memberFacilityIds, facilityId];
    await service.update(current.id, { ...groupInput(current), memberFacilityIds }).catch(inColumn({ facilityProgramConflict: MEMBER.facility.field }));
    return 'created';
  },
  async *exportRows(context) {
    const groups = await loadGroups(context.dataSource.manager);
    const facilities = new FacilityIds(context);
    const rows: Cells[] = [];
    for (const m of await context.dataSource.manager.find(RequisitionGroupMember)) rows.push([groups.codeOf(m.requisitionGroupId), await facilities.codeOf(m.facilityId)]);
    yield* sorted(rows);
  },
};

const SCHEDULE = {
  group: GROUP_CODE,
  program: { header: 'Program', field: 'programId', required: true, aliases: ['Program Code'] },
  schedule: { header: 'Processing Schedule', field: 'processingScheduleId', required: true, aliases: ['Schedule', 'Processing Schedule Code'] },
  directDelivery: { header: 'Direct Delivery', field: 'directDelivery', required: true },
  dropOff: { header: 'Drop off Facility', field: 'dropOffFacilityId', aliases: ['Drop off Facility Code', 'Drop-off Facility'] },
} satisfies Record<string, CsvColumn>;

interface ScheduleRow {
  group: RequisitionGroup;
  program: Program;
  processingScheduleId: string;
  directDelivery: boolean;
  dropOffCode?: string;
}

interface ScheduleLookups extends MemberLookups {
  programs: NamedTable<Program>;
  schedules: NamedTable<ProcessingSchedule>;
}

export const requisitionGroupProgramSchedulesCsv: CsvType<ScheduleRow, ScheduleLookups> = {
  type: 'requisitionGroupProgramSchedules',
  title: 'Requisition group programs and schedules',
  store: 'typeorm',
  columns: Object.values(SCHEDULE),
  async prepare(scope) {
    const programs = await scope.manager.find(Program);
    const schedules = await scope.manager.find(ProcessingSchedule);
    return { groups: await loadGroups(scope.manager), programs: new NamedTable(programs), schedules: new NamedTable(schedules), facilities: new FacilityCodes(scope.context) };
  },
  toInput(row, { groups, programs, schedules }) {
    const fields = {
      group: row.code(SCHEDULE.group, (text) => groups.find(text), 'requisition group'),
      program: row.code(SCHEDULE.program, (text) => programs.find(text), 'program'),
      processingScheduleId: row.code(SCHEDULE.schedule, (text) => schedules.find(text)?.id, 'processing schedule'),
      directDelivery: row.boolean(SCHEDULE.directDelivery),
      dropOffCode: row.text(SCHEDULE.dropOff),
    };
    if (fields.directDelivery && fields.dropOffCode) row.fail(SCHEDULE.dropOff, 'leave it blank: with direct delivery, shipments go to the requesting facility itself');
    return row.errors.length > 0 ? undefined : (fields as ScheduleRow);
  },
  // A group runs each program on one schedule: a second row for the same program is refused.
  key: ({ group, program }) => `${group.code} / ${program.code}`,
  async write(row, scope, { facilities }) {
    const dropOffFacilityId = row.dropOffCode ? await facilities.idOf(row.dropOffCode, 'requisitionGroup', SCHEDULE.dropOff.field) : null;
    const schedule: ProgramScheduleInput = { programId: row.program.id, processingScheduleId: row.processingScheduleId, directDelivery: row.directDelivery, dropOffFacilityId };
    const { service, current } = await currentGroup(scope, row.group);
    const existing = current.programSchedules.find((s) => s.programId === schedule.programId);
    if (existing && unchanged(existing, schedule, ['processingScheduleId', 'directDelivery', 'dropOffFacilityId'])) return 'updated';
    const others = current.programSchedules.filter((s) => s.programId !== schedule.programId);
    await service
      .update(current.id, { ...groupInput(current), programSchedules: [...others, schedule] })
      .catch(inColumn({ facilityProgramConflict: SCHEDULE.program.field, dropOffWithDirectDelivery: SCHEDULE.dropOff.field }));
    return existing ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const manager = context.dataSource.manager;
    const [groups, programs, schedules] = [await loadGroups(manager), new NamedTable(await manager.find(Program)), new NamedTable(await manager.find(ProcessingSchedule))];
    const facilities = new FacilityIds(context);
    const rows: Cells[] = [];
    for (const s of await manager.find(RequisitionGroupProgramSchedule)) {
      rows.push([groups.codeOf(s.requisitionGroupId), programs.codeOf(s.programId), schedules.codeOf(s.processingScheduleId), s.directDelivery, await facilities.codeOf(s.dropOffFacilityId)]);
    }
    yield* sorted(rows);
  },
};

async function loadGroups(manager: EntityManager): Promise<NamedTable<RequisitionGroup>> {
  return new NamedTable(await manager.find(RequisitionGroup));
}

/** The group as this row finds it: earlier rows of the file may have changed it. */
async function currentGroup(scope: ImportScope, group: RequisitionGroup): Promise<{ service: RequisitionGroupService; current: RequisitionGroupView }> {
  const service = requisitionGroupService(scope.manager, scope.context.directory);
  return { service, current: await service.get(group.id) };
}

/** The group's own fields, to change its members or schedules and keep the rest. */
function groupInput(group: RequisitionGroupView): RequisitionGroupInput {
  return { code: group.code, name: group.name, description: group.description, supervisoryNodeId: group.supervisoryNodeId };
}

type Cells = Array<string | boolean | undefined>;

/** Rows as CSV cells, ordered by their first two cells (group, then facility or program). */
function sorted(rows: Cells[]): string[][] {
  const cells = rows.map((row) => row.map(cell));
  return cells.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}
