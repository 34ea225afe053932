/**
 * stockCardLineItemReasons.csv, validReasons.csv and organizations.csv: the guide's "Setup
 * Adjustment Reasons" table (split in two: the reasons, then where each is offered) and the stock
 * management organizations. Valid sources and destinations are in valid-nodes.csv.ts.
 */
import { FacilityType } from '../../facility-types/facility-type.entity.js';
import type { OrganizationInput } from '../../organizations/organization.schema.js';
import { validateOrganization } from '../../organizations/organization.schema.js';
import { organizationService } from '../../organizations/organization.service.js';
import { Program } from '../../programs/program.entity.js';
import { REASON_CATEGORIES, REASON_TYPES, StockCardLineItemReason } from '../../stock-reasons/stock-reason.entity.js';
import { validateStockReason, type StockReasonInput } from '../../stock-reasons/stock-reason.schema.js';
import { stockReasonService } from '../../stock-reasons/stock-reason.service.js';
import { ValidReasonAssignment } from '../../valid-reasons/valid-reason.entity.js';
import { validateValidReason, type ValidReasonInput } from '../../valid-reasons/valid-reason.schema.js';
import { validReasonService } from '../../valid-reasons/valid-reason.service.js';
import { cell, codedCsvType } from '../coded-csv-type.js';
import type { CsvColumn, CsvType } from '../csv-type.js';
import type { RowReader } from '../row-reader.js';
import { defined, inColumn, NamedTable, unchanged } from './lookups.js';

const REASON = {
  name: { header: 'Name', field: 'name', required: true, aliases: ['Reason', 'Reason Name'] },
  category: { header: 'Category', field: 'reasonCategory', required: true, aliases: ['Reason Category'] },
  type: { header: 'Type', field: 'reasonType', required: true, aliases: ['Reason Type'] },
  freeText: { header: 'Allow Free Text', field: 'isFreeTextAllowed', aliases: ['Free Text Allowed', 'isFreeTextAllowed'] },
  tags: { header: 'Tags', field: 'tags' },
  description: { header: 'Description', field: 'description' },
} satisfies Record<string, CsvColumn>;

export const stockCardLineItemReasonsCsv: CsvType<StockReasonInput, undefined> = {
  type: 'stockCardLineItemReasons',
  title: 'Stock adjustment reasons',
  store: 'typeorm',
  columns: Object.values(REASON),
  prepare: async () => undefined,
  toInput(row) {
    const tags = row.text(REASON.tags);
    const fields = {
      name: row.text(REASON.name),
      reasonCategory: oneOf(row, REASON.category, REASON_CATEGORIES),
      reasonType: oneOf(row, REASON.type, REASON_TYPES),
      isFreeTextAllowed: row.boolean(REASON.freeText),
      tags: tags === undefined ? undefined : readTags(tags),
      description: row.text(REASON.description),
    };
    return row.errors.length > 0 ? undefined : validateStockReason(defined(fields));
  },
  key: (input) => input.name,
  async write(input, scope) {
    const service = stockReasonService(scope.manager);
    const current = await service.findByName(input.name);
    if (current && unchanged(current, input, ['description', 'reasonCategory', 'reasonType', 'isFreeTextAllowed', 'tags'])) return 'updated';
    await service.upsertByName(input).catch(inColumn({ typeNotAllowed: REASON.type.field }));
    return current ? 'updated' : 'created';
  },
  async *exportRows(context) {
    const reasons = await context.dataSource.manager.find(StockCardLineItemReason, { order: { name: 'ASC' } });
    for (const r of reasons) yield [r.name, words(r.reasonCategory), words(r.reasonType), r.isFreeTextAllowed, writeTags(r.tags), r.description].map(cell);
  },
};

/** An enum value as the guide writes it ("Adjustment", "Physical Inventory") or as the API does (PHYSICAL_INVENTORY). */
function oneOf<T extends string>(row: RowReader, column: CsvColumn, values: readonly T[]): T | undefined {
  const text = row.text(column);
  if (text === undefined) return undefined;
  const value = text.trim().toUpperCase().replace(/[\s-]+/g, '_') as T;
  return values.includes(value) ? value : row.fail(column, `"${text}" is not one of ${values.map(words).join(', ')}`);
}

/** PHYSICAL_INVENTORY as "Physical Inventory", as the guide's table writes categories and types. */
function words(value: string): string {
  return value.toLowerCase().split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/**
 * Tags are separated by commas; a cell without a comma is split on spaces, as the guide's
 * examples write them ("received adjustment"). So a lone tag that holds a space is exported
 * with a trailing comma, to import back as one tag.
 */
function readTags(text: string): string[] {
  return text.split(text.includes(',') ? ',' : /\s+/).map((tag) => tag.trim()).filter((tag) => tag !== '');
}

function writeTags(tags: string[]): string {
  const joined = tags.join(', ');
  return tags.length === 1 && /\s/.test(tags[0]) ? `${joined},` : joined;
}

const VALID_REASON = {
  reason: { header: 'Reason', field: 'reason', required: true, aliases: ['Reason Name', 'Name'] },
  program: { header: 'Program', field: 'programId', required: true, aliases: ['Program Code'] },
  facilityType: { header: 'Facility Type', field: 'facilityTypeId', required: true, aliases: ['Facility Type Code'] },
  show: { header: 'Show', field: 'hidden', aliases: ['Shown'] },
} satisfies Record<string, CsvColumn>;

interface ValidReasonRow {
  assignment: ValidReasonInput;
  /** Reason name, program code and facility type code: what the assignment is one of. */
  naturalKey: string;
}

interface ValidReasonLookups {
  reasons: Map<string, StockCardLineItemReason>;
  programs: NamedTable<Program>;
  facilityTypes: NamedTable<FacilityType>;
}

export const validReasonsCsv: CsvType<ValidReasonRow, ValidReasonLookups> = {
  type: 'validReasons',
  title: 'Valid reasons (by program and facility type)',
  store: 'typeorm',
  columns: Object.values(VALID_REASON),
  async prepare(scope) {
    const reasons = await scope.manager.find(StockCardLineItemReason);
    const programs = await scope.manager.find(Program);
    const facilityTypes = await scope.manager.find(FacilityType);
    return { reasons: new Map(reasons.map((r) => [r.name, r])), programs: new NamedTable(programs), facilityTypes: new NamedTable(facilityTypes) };
  },
  toInput(row, { reasons, programs, facilityTypes }) {
    const reasonName = row.text(VALID_REASON.reason);
    const reason = reasonName === undefined ? undefined : (reasons.get(reasonName) ?? row.fail(VALID_REASON.reason, `there is no reason named "${reasonName}"`));
    const program = row.code(VALID_REASON.program, (text) => programs.find(text), 'program');
    const facilityType = row.code(VALID_REASON.facilityType, (text) => facilityTypes.find(text), 'facility type');
    // The guide's Show: a hidden assignment is still used by services, but not offered to users.
    const hidden = !row.boolean(VALID_REASON.show, true);
    if (row.errors.length > 0 || !reason || !program || !facilityType) return undefined;
    const assignment = validateValidReason({ programId: program.id, facilityTypeId: facilityType.id, reason: { id: reason.id }, hidden });
    return { assignment, naturalKey: `${reason.name} / ${program.code} / ${facilityType.code}` };
  },
  key: (row) => row.naturalKey,
  async write({ assignment }, scope) {
    const { created } = await validReasonService(scope.manager).assign(assignment);
    return created ? 'created' : 'updated';
  },
  async *exportRows(context) {
    const manager = context.dataSource.manager;
    const [programs, facilityTypes] = [new NamedTable(await manager.find(Program)), new NamedTable(await manager.find(FacilityType))];
    const assignments = await manager.find(ValidReasonAssignment, { relations: { reason: true } });
    const rows = assignments.map((a) => [a.reason.name, programs.codeOf(a.programId) ?? '', facilityTypes.codeOf(a.facilityTypeId) ?? '', cell(!a.hidden)]);
    rows.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]));
    yield* rows;
  },
};

const ORGANIZATION = {
  code: { header: 'Code', field: 'code', required: true, aliases: ['Organization Code'] },
  name: { header: 'Name', field: 'name', required: true, aliases: ['Organization Name'] },
  description: { header: 'Description', field: 'description' },
  active: { header: 'Active', field: 'active' },
} satisfies Record<string, CsvColumn>;

const organizationsAsCoded = codedCsvType({
  type: 'organizations',
  title: 'Stock management organizations',
  columns: Object.values(ORGANIZATION),
  service: organizationService,
  validate: validateOrganization,
  toInput: (row) => ({ code: row.text(ORGANIZATION.code)!, name: row.text(ORGANIZATION.name)!, description: row.text(ORGANIZATION.description), active: row.boolean(ORGANIZATION.active) }),
  toCells: (o) => [o.code, o.name, o.description, o.active],
});

export const organizationsCsv: CsvType<OrganizationInput, undefined> = {
  ...organizationsAsCoded,
  /** As for every coded entity, but an unchanged organization is left alone (its version too). */
  async write(input, scope, cache) {
    const current = await organizationService(scope.manager).findByCode(input.code);
    if (current && unchanged(current, input, ['name', 'description', 'active'])) return 'updated';
    return organizationsAsCoded.write(input, scope, cache);
  },
};
