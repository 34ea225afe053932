/**
 * validSources.csv and validDestinations.csv: the guide's tables for "Assign organizations/
 * facilities as Destination" and valid sources. A row names a program, a facility type and one
 * node: a facility by code, or an organization by name (or code). Assigning is an upsert by
 * (program, facility type, node), so a re-import changes nothing.
 */
import type { EntityManager } from 'typeorm';
import type { FacilityDirectory } from '../../../../fhir/index.js';
import { FacilityType } from '../../facility-types/facility-type.entity.js';
import { GeographicLevel } from '../../geographic-levels/geographic-level.entity.js';
import { Organization } from '../../organizations/organization.entity.js';
import { Program } from '../../programs/program.entity.js';
import type { Repositories } from '../../shared/context.js';
import type { NodeAssignmentColumns } from '../../stock-configuration/node-assignment.entity.js';
import { nodeAssignmentValidator } from '../../stock-configuration/node-assignment.schema.js';
import type { NodeAssignmentInput, NodeAssignmentService } from '../../stock-configuration/node-assignment.service.js';
import { StockNode } from '../../stock-configuration/stock-node.entity.js';
import { ValidDestinationAssignment } from '../../valid-destinations/valid-destination.entity.js';
import { validDestinationService } from '../../valid-destinations/valid-destination.service.js';
import { ValidSourceAssignment } from '../../valid-sources/valid-source.entity.js';
import { validSourceService } from '../../valid-sources/valid-source.service.js';
import { cell } from '../coded-csv-type.js';
import type { CsvColumn, CsvType } from '../csv-type.js';
import { FacilityIds, inColumn, NamedTable } from './lookups.js';

interface NodeAssignmentKind {
  type: string;
  title: string;
  /** `validSource`: message keys and the body validator. */
  key: string;
  entity: typeof ValidSourceAssignment | typeof ValidDestinationAssignment;
  service(db: Repositories, directory: FacilityDirectory): NodeAssignmentService;
  /** What the guide's table calls the facility column, besides "Facility Code". */
  facilityAliases: string[];
}

interface NodeAssignmentRow {
  program: Program;
  facilityType: FacilityType;
  facilityCode?: string;
  organization?: Organization;
  level?: GeographicLevel;
}

interface Lookups {
  programs: NamedTable<Program>;
  facilityTypes: NamedTable<FacilityType>;
  organizations: NamedTable<Organization>;
  levels: NamedTable<GeographicLevel>;
}

function nodeAssignmentsCsv(kind: NodeAssignmentKind): CsvType<NodeAssignmentRow, Lookups> {
  const COLUMN = {
    program: { header: 'Program', field: 'programId', required: true, aliases: ['Program Code'] },
    facilityType: { header: 'Facility Type Code', field: 'facilityTypeId', required: true, aliases: ['Facility Type'] },
    facility: { header: 'Facility Code', field: 'facilityCode', aliases: kind.facilityAliases },
    organization: { header: 'Organization Name', field: 'organization', aliases: ['Organization', 'Organization Code'] },
    level: { header: 'Geo Level Affinity', field: 'geoLevelAffinityId', aliases: ['Geographic Level Affinity', 'Geo Level Affinity Code'] },
  } satisfies Record<string, CsvColumn>;
  const validate = nodeAssignmentValidator(kind.key);

  return {
    type: kind.type,
    title: kind.title,
    store: 'typeorm',
    columns: Object.values(COLUMN),
    prepare: ({ manager }) => lookupsIn(manager),
    toInput(row, lookups) {
      const organizationText = row.text(COLUMN.organization);
      const fields = {
        program: row.code(COLUMN.program, (text) => lookups.programs.find(text), 'program'),
        facilityType: row.code(COLUMN.facilityType, (text) => lookups.facilityTypes.find(text), 'facility type'),
        facilityCode: row.text(COLUMN.facility),
        organization: organizationText === undefined ? undefined : (lookups.organizations.find(organizationText) ?? row.fail(COLUMN.organization, `there is no organization named (or with code) "${organizationText}"`)),
        level: row.code(COLUMN.level, (text) => lookups.levels.find(text), 'geographic level'),
      };
      if (fields.facilityCode && organizationText) row.fail(COLUMN.organization, 'name a facility or an organization, not both');
      if (!fields.facilityCode && !organizationText) row.fail(COLUMN.facility, 'name a facility (by code) or an organization (by name)');
      if (fields.organization && !fields.organization.active) row.fail(COLUMN.organization, `organization "${fields.organization.name}" is inactive`);
      if (organizationText && fields.level) row.fail(COLUMN.level, 'a geographic level affinity applies to facilities only; an organization has no zone');
      return row.errors.length > 0 ? undefined : (fields as NodeAssignmentRow);
    },
    key: ({ program, facilityType, facilityCode, organization }) => `${program.code} / ${facilityType.code} / ${facilityCode ?? `organization ${organization!.name}`}`,
    async write(row, scope) {
      const service = kind.service(scope.manager, scope.context.directory);
      const nodeField = row.facilityCode ? COLUMN.facility.field : COLUMN.organization.field;
      const referenceId = row.facilityCode
        ? await service.nodeReference({ facilityCode: row.facilityCode }).catch(inColumn({ 'reference.unknown': nodeField }))
        : row.organization!.id;
      const input: NodeAssignmentInput = validate({ programId: row.program.id, facilityTypeId: row.facilityType.id, node: { referenceId }, geoLevelAffinityId: row.level?.id ?? null });
      const { created } = await service.assign(input).catch(inColumn({ 'node.notFacility': nodeField, 'node.inactive': nodeField, 'geoLevelAffinity.organization': COLUMN.level.field }));
      return created ? 'created' : 'updated';
    },
    async *exportRows(context) {
      const manager = context.dataSource.manager;
      const { programs, facilityTypes, organizations, levels } = await lookupsIn(manager);
      const nodes = new Map((await manager.find(StockNode)).map((n) => [n.id, n]));
      const facilities = new FacilityIds(context);
      const rows: string[][] = [];
      for (const a of (await manager.find(kind.entity)) as NodeAssignmentColumns[]) {
        const node = nodes.get(a.nodeId);
        const nodeCells = [await facilities.codeOf(node?.facilityId), organizations.withId(node?.organizationId)?.name];
        rows.push([programs.codeOf(a.programId), facilityTypes.codeOf(a.facilityTypeId), ...nodeCells, levels.codeOf(a.geoLevelAffinityId)].map(cell));
      }
      yield* rows.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]) || `${a[2]}|${a[3]}`.localeCompare(`${b[2]}|${b[3]}`));
    },
  };
}

async function lookupsIn(manager: EntityManager): Promise<Lookups> {
  const programs = await manager.find(Program);
  const facilityTypes = await manager.find(FacilityType);
  const organizations = await manager.find(Organization);
  const levels = await manager.find(GeographicLevel);
  return { programs: new NamedTable(programs), facilityTypes: new NamedTable(facilityTypes), organizations: new NamedTable(organizations), levels: new NamedTable(levels) };
}

export const validSourcesCsv = nodeAssignmentsCsv({
  type: 'validSources',
  title: 'Valid sources',
  key: 'validSource',
  entity: ValidSourceAssignment,
  service: validSourceService,
  facilityAliases: ['Facility', 'Source', 'Source Facility Code'],
});

export const validDestinationsCsv = nodeAssignmentsCsv({
  type: 'validDestinations',
  title: 'Valid destinations',
  key: 'validDestination',
  entity: ValidDestinationAssignment,
  service: validDestinationService,
  facilityAliases: ['Facility', 'Destination', 'Destination Facility Code'],
});
