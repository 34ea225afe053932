/**
 * roles.csv: one role per row, as the guide's "Setup Roles" table has it (Role Name, Description,
 * Rights), the rights named in one cell and separated by commas, semicolons or spaces. Created or
 * replaced by name (regardless of case) through the same service and rules as /api/roles.
 */
import { cell } from '../../referencedata/csv/coded-csv-type.js';
import type { CsvColumn, CsvType } from '../../referencedata/csv/csv-type.js';
import { RIGHT_TYPES, type RightType } from '../rights/right-catalogue.js';
import { validateRole, type RoleInput } from '../roles/role.schema.js';
import { RoleService } from '../roles/role.service.js';

const COLUMNS = {
  name: { header: 'Role Name', field: 'name', required: true, aliases: ['Role', 'name'] },
  description: { header: 'Description', field: 'description', aliases: ['description'] },
  rightType: { header: 'Right Type', field: 'rightType', aliases: ['Role Type', 'rightType'] },
  rights: { header: 'Rights', field: 'rights', required: true, aliases: ['rights'] },
} satisfies Record<string, CsvColumn>;

export const rolesCsv: CsvType<RoleInput, undefined> = {
  type: 'roles',
  title: 'Roles',
  store: 'typeorm',
  columns: Object.values(COLUMNS),
  prepare: async () => undefined,
  toInput(row) {
    const name = row.text(COLUMNS.name);
    const description = row.text(COLUMNS.description);
    const rightType = row.text(COLUMNS.rightType)?.toUpperCase();
    if (rightType !== undefined && !RIGHT_TYPES.includes(rightType as RightType)) row.fail(COLUMNS.rightType, `"${rightType}" is not one of ${RIGHT_TYPES.join(', ')}`);
    const rights = (row.text(COLUMNS.rights) ?? '').split(/[\s,;|]+/).filter(Boolean).map((right) => ({ name: right.toUpperCase() }));
    if (row.errors.length > 0) return undefined;
    return validateRole({ name, rights, ...(description ? { description } : {}), ...(rightType ? { rightType } : {}) });
  },
  key: (role) => role.name.trim().toLowerCase(),
  async write(role, scope) {
    const service = new RoleService(scope.manager);
    const existing = await service.findByName(role.name);
    if (existing && sameRole(existing, role)) return 'updated';
    return service.upsertByName(role);
  },
  async *exportRows(context) {
    const roles = await new RoleService(context.dataSource.manager).list({}, { page: 0, size: 100_000, sort: [{ field: 'name', direction: 'ASC' }] });
    for (const role of roles.content) yield [role.name, role.description, role.rightType, role.rights.map((r) => r.name).join('; ')].map(cell);
  },
};

function sameRole(existing: { name: string; description: string | null; rights: Array<{ name: string }> }, input: RoleInput): boolean {
  const names = (rights: Array<{ name?: string }>) => [...new Set(rights.map((r) => r.name))].sort().join(' ');
  return existing.name === input.name.trim() && existing.description === (input.description ?? null) && names(existing.rights) === names(input.rights);
}
