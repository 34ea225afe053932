/**
 * Role assignments: the scope must fit the role's type (supervision: a program, at the home
 * facility or a node; fulfillment: a warehouse facility only; administration and reporting:
 * nothing), everything named must exist, and PUT replaces a user's whole set.
 */
import { startAccessFixture, type AccessFixture } from './access-fixture.js';
import { scopeProblems } from '../../api/auth/role-assignments/scope-rules.js';
import type { RightType } from '../../api/auth/rights/right-catalogue.js';

const P = '11111111-1111-4111-8111-111111111111';
const N = '22222222-2222-4222-8222-222222222222';
const W = 'wh01';

describe('scope rules', () => {
  const valid: Array<[RightType, object]> = [
    ['SUPERVISION', { programId: P }],
    ['SUPERVISION', { programId: P, supervisoryNodeId: N }],
    ['ORDER_FULFILLMENT', { warehouseId: W }],
    ['GENERAL_ADMIN', {}],
    ['REPORTS', {}],
  ];
  it.each(valid)('accept a %s role with %j', (type, scope) => {
    expect(scopeProblems(type, { roleId: 'r', ...scope })).toEqual([]);
  });

  const invalid: Array<[RightType, object, string[]]> = [
    ['SUPERVISION', {}, ['programId is required for SUPERVISION roles']],
    ['SUPERVISION', { supervisoryNodeId: N }, ['programId is required for SUPERVISION roles']],
    ['SUPERVISION', { programId: P, warehouseId: W }, ['warehouseId does not apply to SUPERVISION roles']],
    ['ORDER_FULFILLMENT', {}, ['warehouseId is required for ORDER_FULFILLMENT roles']],
    ['ORDER_FULFILLMENT', { warehouseId: W, programId: P }, ['programId does not apply to ORDER_FULFILLMENT roles']],
    ['ORDER_FULFILLMENT', { warehouseId: W, supervisoryNodeId: N }, ['supervisoryNodeId does not apply to ORDER_FULFILLMENT roles']],
    ['GENERAL_ADMIN', { programId: P }, ['programId does not apply to GENERAL_ADMIN roles']],
    ['GENERAL_ADMIN', { warehouseId: W }, ['warehouseId does not apply to GENERAL_ADMIN roles']],
    ['REPORTS', { supervisoryNodeId: N, programId: P }, ['programId does not apply to REPORTS roles', 'supervisoryNodeId does not apply to REPORTS roles']],
  ];
  it.each(invalid)('refuse a %s role with %j', (type, scope, problems) => {
    expect(scopeProblems(type, { roleId: 'r', ...scope }).map((p) => `${p.field} ${p.message}`)).toEqual(problems);
  });
});

describe('/api/users/{id}/roleAssignments', () => {
  let f: AccessFixture;
  let roles: Record<'supervision' | 'fulfillment' | 'admin' | 'reports', string>;
  beforeAll(async () => {
    f = await startAccessFixture();
    roles = {
      supervision: await f.role('Storeroom Manager'),
      fulfillment: await f.role('Warehouse Clerk'),
      admin: await f.role('System Administrator'),
      reports: await f.role('Reporting Personnel'),
    };
  }, 60_000);
  afterAll(() => f.app.stop());

  it('stores a valid set of every type and reads it back with names and codes', async () => {
    const user = await f.user({ homeFacilityId: 'hc01' });
    const body = [
      { roleId: roles.supervision, programId: f.programs.FP },
      { roleId: roles.supervision, programId: f.programs.EM, supervisoryNodeId: f.nodes.SN2 },
      { roleId: roles.fulfillment, warehouseId: 'wh01' },
      { roleId: roles.admin },
      { roleId: roles.reports, programId: null, supervisoryNodeId: null, warehouseId: null },
    ];
    const stored = await f.assign(user, body);
    expect(stored.map((a: any) => [a.roleName, a.roleType, a.programCode, a.supervisoryNodeCode, a.warehouseCode, a.homeFacility])).toEqual([
      ['Storeroom Manager', 'SUPERVISION', 'EM', 'SN2', null, false],
      ['Storeroom Manager', 'SUPERVISION', 'FP', null, null, true],
      ['Warehouse Clerk', 'ORDER_FULFILLMENT', null, null, 'WH01', false],
      ['System Administrator', 'GENERAL_ADMIN', null, null, null, false],
      ['Reporting Personnel', 'REPORTS', null, null, null, false],
    ]);
    expect((await f.call('GET', `/users/${user}/roleAssignments`)).body).toEqual(stored);
    // a read sent back unchanged is accepted and changes nothing
    const again = await f.call('PUT', `/users/${user}/roleAssignments`, stored);
    expect(again.body.map((a: any) => a.roleName)).toEqual(stored.map((a: any) => a.roleName));
  });

  it('replaces the whole set, collapsing duplicates; an empty array removes them all', async () => {
    const user = await f.user();
    await f.assign(user, [{ roleId: roles.admin }, { roleId: roles.reports }]);
    expect(await f.assign(user, [{ roleId: roles.reports }, { roleId: roles.reports }])).toHaveLength(1);
    expect(await f.assign(user, [])).toEqual([]);
  });

  const invalid: Array<[string, (ids: { roles: typeof roles; fp: string; sn1: string }) => object, string, string]> = [
    ['a supervision role without a program', ({ roles }) => ({ roleId: roles.supervision }), 'scopeMismatch', '[0].programId'],
    ['a supervision role at a warehouse', ({ roles, fp }) => ({ roleId: roles.supervision, programId: fp, warehouseId: 'wh01' }), 'scopeMismatch', '[0].warehouseId'],
    ['a fulfillment role without a warehouse', ({ roles }) => ({ roleId: roles.fulfillment }), 'scopeMismatch', '[0].warehouseId'],
    ['a fulfillment role for a program', ({ roles, fp }) => ({ roleId: roles.fulfillment, warehouseId: 'wh01', programId: fp }), 'scopeMismatch', '[0].programId'],
    ['a fulfillment role at a node', ({ roles, sn1 }) => ({ roleId: roles.fulfillment, warehouseId: 'wh01', supervisoryNodeId: sn1 }), 'scopeMismatch', '[0].supervisoryNodeId'],
    ['an administration role for a program', ({ roles, fp }) => ({ roleId: roles.admin, programId: fp }), 'scopeMismatch', '[0].programId'],
    ['a reporting role at a warehouse', ({ roles }) => ({ roleId: roles.reports, warehouseId: 'wh01' }), 'scopeMismatch', '[0].warehouseId'],
    ['an unknown role', () => ({ roleId: '33333333-3333-4333-8333-333333333333' }), 'roleUnknown', '[0].roleId'],
    ['an unknown program', ({ roles }) => ({ roleId: roles.supervision, programId: '33333333-3333-4333-8333-333333333333' }), 'programUnknown', '[0].programId'],
    ['an unknown node', ({ roles, fp }) => ({ roleId: roles.supervision, programId: fp, supervisoryNodeId: '33333333-3333-4333-8333-333333333333' }), 'supervisoryNodeUnknown', '[0].supervisoryNodeId'],
    ['an unknown warehouse', ({ roles }) => ({ roleId: roles.fulfillment, warehouseId: 'nowhere' }), 'warehouseUnknown', '[0].warehouseId'],
    ['a zone as the warehouse', ({ roles }) => ({ roleId: roles.fulfillment, warehouseId: 'mw' }), 'warehouseUnknown', '[0].warehouseId'],
  ];
  it.each(invalid)('refuses %s with 400, writing nothing', async (_label, assignment, problem, field) => {
    const user = await f.user();
    await f.assign(user, [{ roleId: roles.reports }]);
    const reply = await f.call('PUT', `/users/${user}/roleAssignments`, [assignment({ roles, fp: f.programs.FP, sn1: f.nodes.SN1 })]);
    expect({ status: reply.status, messageKey: reply.body.messageKey }).toEqual({ status: 400, messageKey: `auth.error.roleAssignment.${problem}` });
    expect(Object.keys(reply.body.details.fieldErrors)).toContain(field);
    expect((await f.call('GET', `/users/${user}/roleAssignments`)).body.map((a: any) => a.roleName)).toEqual(['Reporting Personnel']);
  });

  it('reports every problem of a set at once, by position', async () => {
    const user = await f.user();
    const reply = await f.call('PUT', `/users/${user}/roleAssignments`, [{ roleId: roles.admin }, { roleId: roles.fulfillment }, { roleId: roles.supervision }]);
    expect(reply.status).toBe(400);
    expect(reply.body.details.fieldErrors).toEqual({ '[1].warehouseId': 'is required for ORDER_FULFILLMENT roles', '[2].programId': 'is required for SUPERVISION roles' });
  });

  it('refuses malformed bodies with 400 and unknown users with 404', async () => {
    const user = await f.user();
    expect((await f.call('PUT', `/users/${user}/roleAssignments`, { roleId: roles.admin })).body.messageKey).toBe('auth.error.roleAssignment.invalid');
    expect((await f.call('PUT', `/users/${user}/roleAssignments`, [{ roleId: 'nope' }])).status).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await f.call('PUT', `/users/${unknown}/roleAssignments`, [])).status).toBe(404);
    expect((await f.call('GET', `/users/${unknown}/roleAssignments`)).status).toBe(404);
  });

  it('keep a supervisory node from being deleted while assigned there', async () => {
    const node = (await f.call('POST', '/supervisoryNodes', { code: 'SN9', name: 'Lonely node' })).body.id;
    const user = await f.user();
    await f.assign(user, [{ roleId: roles.supervision, programId: f.programs.FP, supervisoryNodeId: node }]);
    expect((await f.call('DELETE', `/supervisoryNodes/${node}`)).status).toBe(409);
    await f.assign(user, []);
    expect((await f.call('DELETE', `/supervisoryNodes/${node}`)).status).toBe(204);
  });
});
