/**
 * supervisoryNodes.csv, requisitionGroups.csv and supplyLines.csv: the guide's "Setup Supervisory
 * Nodes, Requisition Groups, Supply Lines" tables, written through the same services as the REST
 * API. A node's parent must exist already or come on an earlier row than the node (an export
 * lists parents first): rows are written in order, and the tree is checked as each one is.
 * Group members and program schedules are in requisition-group-details.csv.ts.
 */
import type { EntityManager } from 'typeorm';
import { Program } from '../../programs/program.entity.js';
import { RequisitionGroup } from '../../requisition-groups/requisition-group.entity.js';
import { validateRequisitionGroup, type RequisitionGroupInput } from '../../requisition-groups/requisition-group.schema.js';
import { requisitionGroupService } from '../../requisition-groups/requisition-group.service.js';
import { SupervisoryNode } from '../../supervisory-nodes/supervisory-node.entity.js';
import { validateSupervisoryNode } from '../../supervisory-nodes/supervisory-node.schema.js';
import { supervisoryNodeService } from '../../supervisory-nodes/supervisory-node.service.js';
import { SupplyLine } from '../../supply-lines/supply-line.entity.js';
import { validateSupplyLine } from '../../supply-lines/supply-line.schema.js';
import { supplyLineService } from '../../supply-lines/supply-line.service.js';
import { cell } from '../coded-csv-type.js';
import type { CsvColumn, CsvType } from '../csv-type.js';
import { cellError, defined, FacilityCodes, FacilityIds, inColumn, NamedTable, parentsFirst, unchanged } from './lookups.js';

const NODE = {
  code: { header: 'Supervisory Node Code', field: 'code', required: true, aliases: ['Code'] },
  name: { header: 'Supervisory Node Name', field: 'name', required: true, aliases: ['Name'] },
  description: { header: 'Description', field: 'description' },
  parent: { header: 'Parent Node', field: 'parentNodeId', aliases: ['Parent Node Code', 'Parent'] },
  facility: { header: 'Facility Code', field: 'facilityId', aliases: ['Facility'] },
} satisfies Record<string, CsvColumn>;

interface NodeRow {
  code: string;
  name: string;
  description?: string;
  parentCode?: string;
  facilityCode?: string;
}

export const supervisoryNodesCsv: CsvType<NodeRow, FacilityCodes> = {
  type: 'supervisoryNodes',
  title: 'Supervisory nodes',
  store: 'typeorm',
  columns: Object.values(NODE),
  prepare: async (scope) => new FacilityCodes(scope.context),
  toInput(row) {
    const fields = { code: row.text(NODE.code), name: row.text(NODE.name), description: row.text(NODE.description), parentCode: row.text(NODE.parent), facilityCode: row.text(NODE.facility) };
    if (fields.parentCode !== undefined && fields.parentCode === fields.code) row.fail(NODE.parent, 'a supervisory node cannot be its own parent');
    return row.errors.length > 0 ? undefined : (fields as NodeRow);
  },
  key: (row) => row.code,
  async write(row, scope, facilities) {
    const input = validateSupervisoryNode({
      code: row.code,
      name: row.name,
      description: row.description ?? null,
      parentNodeId: row.parentCode ? await parentIdOf(scope.manager, row.parentCode) : null,
      facilityId: row.facilityCode ? await facilities.idOf(row.facilityCode, 'supervisoryNode', NODE.facility.field) : null,
    });
    const current = await scope.manager.findOneBy(SupervisoryNode, { code: row.code });
    if (current && unchanged(current, input, ['name', 'description', 'parentNodeId', 'facilityId'])) return 'updated';
    await supervisoryNodeService(scope.manager, scope.context.directory)
      .upsertByCode(input)
      .catch(inColumn({ cycle: 'parentNodeId', parentNodeUnknown: 'parentNodeId', facilityUnknown: 'facilityId' }));
    return current ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const nodes = await context.dataSource.manager.find(SupervisoryNode, { order: { code: 'ASC' } });
    const codes = new NamedTable(nodes);
    const facilities = new FacilityIds(context);
    for (const node of parentsFirst(nodes, (n) => n.parentNodeId)) {
      yield [node.code, node.name, node.description, codes.codeOf(node.parentNodeId), await facilities.codeOf(node.facilityId)].map(cell);
    }
  },
};

/** The parent as of this row: nodes created by earlier rows of the file count. */
async function parentIdOf(manager: EntityManager, code: string): Promise<string> {
  const parent = await manager.findOneBy(SupervisoryNode, { code });
  if (parent) return parent.id;
  const message = `there is no supervisory node with code "${code}"; a parent must exist already or come on an earlier row than its children`;
  throw cellError('supervisoryNode', 'parentNodeUnknown', NODE.parent.field, message);
}

const GROUP = {
  code: { header: 'Requisition Group Code', field: 'code', required: true, aliases: ['Code', 'RG Code'] },
  name: { header: 'Requisition Group Name', field: 'name', required: true, aliases: ['Name'] },
  node: { header: 'Supervisory Node Code', field: 'supervisoryNodeId', required: true, aliases: ['Supervisory Node'] },
  description: { header: 'Description', field: 'description' },
} satisfies Record<string, CsvColumn>;

export const requisitionGroupsCsv: CsvType<RequisitionGroupInput, NamedTable<SupervisoryNode>> = {
  type: 'requisitionGroups',
  title: 'Requisition groups',
  store: 'typeorm',
  columns: Object.values(GROUP),
  prepare: async (scope) => new NamedTable(await scope.manager.find(SupervisoryNode)),
  toInput(row, nodes) {
    const fields = {
      code: row.text(GROUP.code),
      name: row.text(GROUP.name),
      supervisoryNodeId: row.code(GROUP.node, (text) => nodes.find(text)?.id, 'supervisory node'),
      description: row.text(GROUP.description),
    };
    // Members and schedules are left out: their own files set them, and an update keeps them.
    return row.errors.length > 0 ? undefined : validateRequisitionGroup(defined(fields));
  },
  key: (input) => input.code,
  async write(input, scope) {
    const current = await scope.manager.findOneBy(RequisitionGroup, { code: input.code });
    if (current && unchanged(current, input, ['name', 'description', 'supervisoryNodeId'])) return 'updated';
    await requisitionGroupService(scope.manager, scope.context.directory)
      .upsertByCode(input)
      .catch(inColumn({ supervisoryNodeTaken: 'supervisoryNodeId', supervisoryNodeUnknown: 'supervisoryNodeId' }));
    return current ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const nodes = new NamedTable(await context.dataSource.manager.find(SupervisoryNode));
    const groups = await context.dataSource.manager.find(RequisitionGroup, { order: { code: 'ASC' } });
    for (const group of groups) yield [group.code, group.name, nodes.codeOf(group.supervisoryNodeId), group.description].map(cell);
  },
};

const LINE = {
  program: { header: 'Program', field: 'programId', required: true, aliases: ['Program Code'] },
  node: { header: 'Supervisory Node', field: 'supervisoryNodeId', required: true, aliases: ['Supervisory Node Code'] },
  facility: { header: 'Supplying Facility', field: 'supplyingFacilityId', required: true, aliases: ['Supplying Facility Code'] },
  description: { header: 'Description', field: 'description' },
} satisfies Record<string, CsvColumn>;

interface SupplyLineRow {
  program: Program;
  node: SupervisoryNode;
  facilityCode: string;
  description?: string;
}

interface SupplyLineLookups {
  programs: NamedTable<Program>;
  nodes: NamedTable<SupervisoryNode>;
  facilities: FacilityCodes;
}

export const supplyLinesCsv: CsvType<SupplyLineRow, SupplyLineLookups> = {
  type: 'supplyLines',
  title: 'Supply lines',
  store: 'typeorm',
  columns: Object.values(LINE),
  async prepare(scope) {
    const programs = await scope.manager.find(Program);
    const nodes = await scope.manager.find(SupervisoryNode);
    return { programs: new NamedTable(programs), nodes: new NamedTable(nodes), facilities: new FacilityCodes(scope.context) };
  },
  toInput(row, { programs, nodes }) {
    const fields = {
      program: row.code(LINE.program, (text) => programs.find(text), 'program'),
      node: row.code(LINE.node, (text) => nodes.find(text), 'supervisory node'),
      facilityCode: row.text(LINE.facility),
      description: row.text(LINE.description),
    };
    return row.errors.length > 0 ? undefined : (fields as SupplyLineRow);
  },
  // A node has one supply line per program.
  key: ({ node, program }) => `${node.code} / ${program.code}`,
  async write(row, scope, { facilities }) {
    const service = supplyLineService(scope.manager, scope.context.directory);
    const supplyingFacilityId = await facilities.idOf(row.facilityCode, 'supplyLine', LINE.facility.field);
    const current = await service.findByNodeAndProgram(row.node.id, row.program.id);
    // The guide's file has no code column: a line's code (set over REST) is kept.
    const input = validateSupplyLine(defined({ code: current?.code ?? undefined, description: row.description ?? null, supervisoryNodeId: row.node.id, programId: row.program.id, supplyingFacilityId }));
    if (current && unchanged(current, input, ['description', 'supplyingFacilityId'])) return 'updated';
    await service.upsertByCode(input).catch(inColumn({ facilityUnknown: 'supplyingFacilityId', duplicated: 'supervisoryNodeId' }));
    return current ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const manager = context.dataSource.manager;
    const [programs, nodes] = [new NamedTable(await manager.find(Program)), new NamedTable(await manager.find(SupervisoryNode))];
    const facilities = new FacilityIds(context);
    const lines = (await manager.find(SupplyLine)).map((line) => ({ line, node: nodes.codeOf(line.supervisoryNodeId) ?? '', program: programs.codeOf(line.programId) ?? '' }));
    lines.sort((a, b) => a.node.localeCompare(b.node) || a.program.localeCompare(b.program));
    for (const { line, node, program } of lines) yield [program, node, await facilities.codeOf(line.supplyingFacilityId), line.description].map(cell);
  },
};
