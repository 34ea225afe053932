/**
 * The right catalogue (every OpenLMIS right, by type, seeded into the rights table) and roles:
 * unique names, rights of one type only (the role's type), the guide's default roles seeded,
 * optimistic locking, and no deletion or change of type while a role is assigned.
 */
import { startAccessFixture, type AccessFixture } from './access-fixture.js';
import { RIGHTS, RIGHT_TYPES, nameBasedUuid, rightsOfType } from '../../api/auth/rights/right-catalogue.js';
import { DEFAULT_ROLES } from '../../api/auth/roles/default-roles.js';

let f: AccessFixture;
beforeAll(async () => {
  f = await startAccessFixture();
}, 60_000);
afterAll(() => f.app.stop());

describe('the right catalogue', () => {
  it('holds OpenLMIS\'s right set by type, each right once', () => {
    const names = RIGHTS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(rightsOfType('SUPERVISION')).toEqual(expect.arrayContaining(['REQUISITION_VIEW', 'REQUISITION_CREATE', 'REQUISITION_DELETE', 'REQUISITION_AUTHORIZE', 'REQUISITION_APPROVE', 'STOCK_CARDS_VIEW', 'STOCK_ADJUST', 'STOCK_INVENTORIES_EDIT', 'PODS_VIEW', 'PODS_MANAGE', 'ORDER_CREATE']));
    expect(rightsOfType('ORDER_FULFILLMENT')).toEqual(expect.arrayContaining(['ORDERS_VIEW', 'ORDERS_EDIT', 'ORDERS_TRANSFER', 'SHIPMENTS_VIEW', 'SHIPMENTS_EDIT']));
    expect(rightsOfType('GENERAL_ADMIN')).toEqual(expect.arrayContaining(['USERS_MANAGE', 'USER_ROLES_MANAGE', 'FACILITIES_MANAGE', 'PROGRAMS_MANAGE', 'ORDERABLES_MANAGE', 'SUPERVISORY_NODES_MANAGE', 'REQUISITION_GROUPS_MANAGE', 'SUPPLY_LINES_MANAGE', 'PROCESSING_SCHEDULES_MANAGE', 'STOCK_CARD_LINE_ITEM_REASONS_MANAGE', 'REQUISITION_TEMPLATES_MANAGE', 'SYSTEM_SETTINGS_MANAGE']));
    expect(rightsOfType('REPORTS')).toEqual(expect.arrayContaining(['REPORTS_VIEW', 'STOCK_STATUS_REPORT_VIEW']));
    // PODS_MANAGE and ORDER_CREATE moved to supervision; PRODUCTS_MANAGE was deleted
    expect(names).not.toContain('PRODUCTS_MANAGE');
  });

  it('gives every right the same id in every installation (a name-based UUID)', () => {
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d'); // RFC 4122 example
    for (const right of RIGHTS) expect(right.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is what GET /api/rights serves, with each right\'s type', async () => {
    const reply = await f.call('GET', '/rights');
    expect(reply.status).toBe(200);
    const served = reply.body.content.map((r: any) => `${r.type}:${r.name}:${r.id}`).sort();
    expect(served).toEqual(RIGHTS.map((r) => `${r.type}:${r.name}:${r.id}`).sort());
  });

  it('filters by type and name, and reads one right by id', async () => {
    const fulfillment = await f.call('GET', '/rights?type=ORDER_FULFILLMENT');
    expect(fulfillment.body.content.map((r: any) => r.name).sort()).toEqual([...rightsOfType('ORDER_FULFILLMENT')].sort());
    const [approve] = (await f.call('GET', '/rights?name=REQUISITION_APPROVE')).body.content;
    expect(approve).toMatchObject({ name: 'REQUISITION_APPROVE', type: 'SUPERVISION' });
    expect((await f.call('GET', `/rights/${approve.id}`)).body.name).toBe('REQUISITION_APPROVE');
    expect((await f.call('GET', '/rights/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await f.call('GET', '/rights?type=NONSENSE')).status).toBe(400);
  });
});

describe('roles', () => {
  const rightsOf = (role: any) => role.rights.map((r: any) => r.name).sort();

  it('start with the guide\'s default roles, each of one type', async () => {
    const roles = (await f.call('GET', '/roles')).body.content;
    const byName = new Map(roles.map((role: any) => [role.name, role]));
    for (const name of ['Storeroom Manager', 'Stock Manager', 'Stock Viewer', 'Delivery Approver', 'Program Supervisor', 'District Storeroom Manager', 'Warehouse Clerk', 'System Administrator', 'Reporting Personnel']) {
      expect(byName.has(name)).toBe(true);
    }
    expect(rightsOf(byName.get('Stock Manager'))).toEqual(['STOCK_ADJUST', 'STOCK_CARDS_VIEW', 'STOCK_INVENTORIES_EDIT']);
    expect(rightsOf(byName.get('Stock Viewer'))).toEqual(['STOCK_CARDS_VIEW']);
    expect(rightsOf(byName.get('Delivery Approver'))).toEqual(['PODS_MANAGE', 'PODS_VIEW']);
    expect(rightsOf(byName.get('Warehouse Clerk'))).toEqual(['ORDERS_EDIT', 'ORDERS_VIEW', 'SHIPMENTS_EDIT', 'SHIPMENTS_VIEW']);
    expect(rightsOf(byName.get('System Administrator'))).toEqual([...rightsOfType('GENERAL_ADMIN')].sort());
    for (const role of roles) expect(new Set(role.rights.map((r: any) => r.type))).toEqual(new Set([role.rightType]));
    expect(roles).toHaveLength(DEFAULT_ROLES.length);
  });

  it('are created with rights named by id or name, and take their rights\' type', async () => {
    const view = RIGHTS.find((r) => r.name === 'REQUISITION_VIEW')!;
    const reply = await f.call('POST', '/roles', { name: 'Requisition Clerk', description: 'Fills requisitions', rights: [{ id: view.id }, { name: 'REQUISITION_CREATE' }] });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ name: 'Requisition Clerk', rightType: 'SUPERVISION', assignmentCount: 0, version: 1 });
    expect(rightsOf(reply.body)).toEqual(['REQUISITION_CREATE', 'REQUISITION_VIEW']);
    expect(reply.headers.get('location')).toMatch(new RegExp(`/api/roles/${reply.body.id}$`));
  });

  const invalid: Array<[string, unknown, number, string]> = [
    ['rights of two types', { name: 'Mixed', rights: [{ name: 'REQUISITION_VIEW' }, { name: 'ORDERS_VIEW' }] }, 400, 'auth.error.role.mixedRightTypes'],
    ['an admin and a reporting right', { name: 'Mixed 2', rights: [{ name: 'USERS_MANAGE' }, { name: 'REPORTS_VIEW' }] }, 400, 'auth.error.role.mixedRightTypes'],
    ['a rightType the rights do not have', { name: 'Wrong type', rightType: 'REPORTS', rights: [{ name: 'ORDERS_VIEW' }] }, 400, 'auth.error.role.rightTypeMismatch'],
    ['an unknown right', { name: 'Unknown', rights: [{ name: 'FLY' }] }, 400, 'auth.error.role.rightUnknown'],
    ['no right', { name: 'Empty', rights: [] }, 400, 'auth.error.role.invalid'],
    ['no name', { rights: [{ name: 'ORDERS_VIEW' }] }, 400, 'auth.error.role.invalid'],
    ['an unknown field', { name: 'Extra', rights: [{ name: 'ORDERS_VIEW' }], colour: 'red' }, 400, 'auth.error.role.invalid'],
    ['a name taken in another case', { name: 'stock MANAGER', rights: [{ name: 'STOCK_CARDS_VIEW' }] }, 409, 'auth.error.role.nameDuplicated'],
  ];
  it.each(invalid)('refuse %s', async (_label, body, status, messageKey) => {
    const reply = await f.call('POST', '/roles', body);
    expect({ status: reply.status, messageKey: reply.body.messageKey }).toEqual({ status, messageKey });
  });

  it('are updated with optimistic locking, and may change type while unassigned', async () => {
    const created = (await f.call('POST', '/roles', { name: 'Shifting', rights: [{ name: 'REPORTS_VIEW' }] })).body;
    const updated = await f.call('PUT', `/roles/${created.id}`, { ...created, rightType: 'ORDER_FULFILLMENT', rights: [{ name: 'ORDERS_VIEW' }] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ rightType: 'ORDER_FULFILLMENT', version: 2 });
    const stale = await f.call('PUT', `/roles/${created.id}`, { ...created, description: 'late' }, { 'If-Match': 'W/"1"' });
    expect({ status: stale.status, messageKey: stale.body.messageKey }).toEqual({ status: 409, messageKey: 'auth.error.role.versionConflict' });
    const renamedOnto = await f.call('PUT', `/roles/${created.id}`, { name: 'Stock Viewer', rights: [{ name: 'ORDERS_VIEW' }] });
    expect(renamedOnto.status).toBe(409);
  });

  it('cannot be deleted, nor change type, while assigned (409); can be deleted once unassigned', async () => {
    const role = (await f.call('POST', '/roles', { name: 'Temporary', rights: [{ name: 'REPORTS_VIEW' }] })).body;
    const user = await f.user();
    await f.assign(user, [{ roleId: role.id }]);
    expect((await f.call('GET', `/roles/${role.id}`)).body.assignmentCount).toBe(1);
    const deleted = await f.call('DELETE', `/roles/${role.id}`);
    expect({ status: deleted.status, messageKey: deleted.body.messageKey }).toEqual({ status: 409, messageKey: 'auth.error.role.assigned' });
    const retyped = await f.call('PUT', `/roles/${role.id}`, { name: 'Temporary', rights: [{ name: 'USERS_MANAGE' }] });
    expect({ status: retyped.status, messageKey: retyped.body.messageKey }).toEqual({ status: 409, messageKey: 'auth.error.role.assigned' });
    const sameType = await f.call('PUT', `/roles/${role.id}`, { name: 'Temporary', rights: [{ name: 'REPORTS_VIEW' }, { name: 'ORDERS_REPORT_VIEW' }] });
    expect(sameType.status).toBe(200);
    await f.assign(user, []);
    expect((await f.call('DELETE', `/roles/${role.id}`)).status).toBe(204);
    expect((await f.call('GET', `/roles/${role.id}`)).status).toBe(404);
  });

  it('filter by name and right type', async () => {
    const fulfillment = (await f.call('GET', '/roles?rightType=ORDER_FULFILLMENT')).body.content.map((r: any) => r.name);
    expect(fulfillment).toEqual(expect.arrayContaining(['Warehouse Clerk', 'Warehouse Manager']));
    expect(fulfillment).not.toContain('Stock Manager');
    expect((await f.call('GET', '/roles?name=stock')).body.content.map((r: any) => r.name)).toEqual(['Stock Manager', 'Stock Viewer']);
    expect((await f.call('GET', '/roles?rightType=NONE')).status).toBe(400);
    expect((await f.call('GET', '/roles/not-a-uuid')).status).toBe(404);
  });

  it('type every right the database holds consistently with its role (the database refuses a mixed role)', async () => {
    const [role] = (await f.call('GET', '/roles?name=Stock Viewer')).body.content;
    const orders = RIGHTS.find((r) => r.name === 'ORDERS_VIEW')!;
    await expect(f.app.platform.dataSource.query('INSERT INTO role_rights (role_id, right_id, type) VALUES ($1, $2, $3)', [role.id, orders.id, 'SUPERVISION'])).rejects.toThrow(/foreign key/);
    expect(RIGHT_TYPES).toHaveLength(4);
  });
});
