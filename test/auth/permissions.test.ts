/**
 * Effective permissions (OpenLMIS's semantics, behaviour doc 5.3), on the configuration guide's
 * supervision example: supervision roles at a node cover the facilities of its requisition group
 * and of every group below it that run the program (and that support it); at the home facility
 * without a node; fulfillment roles at their warehouse; administration and reporting roles
 * everywhere; an inactive user holds nothing.
 */
import { startAccessFixture, strings, type AccessFixture } from './access-fixture.js';
import type { Request } from 'express';
import { createAuthorization } from '../../api/auth/index.js';
import { RIGHTS, rightsOfType } from '../../api/auth/rights/right-catalogue.js';

let f: AccessFixture;
beforeAll(async () => {
  f = await startAccessFixture();
}, 60_000);
afterAll(() => f.app.stop());

const sorted = (list: string[]) => [...new Set(list)].sort();

describe('permission strings', () => {
  it('follow the guide\'s dsrmanager example, a right at a parent node covering the child node\'s facilities', async () => {
    const { FP, EM } = f.programs;
    const dsrmanager = await f.user({ username: 'dsrmanager', homeFacilityId: 'dh01' });
    await f.assign(dsrmanager, [
      { roleId: await f.role('District Storeroom Manager'), programId: FP, supervisoryNodeId: f.nodes.SN1_1 },
      { roleId: await f.role('District Storeroom Manager'), programId: EM, supervisoryNodeId: f.nodes.SN2 },
      { roleId: await f.role('Storeroom Manager'), programId: EM },
      { roleId: await f.role('Program Supervisor'), programId: FP, supervisoryNodeId: f.nodes.SN1 },
    ]);
    const approveAndView = ['REQUISITION_APPROVE', 'REQUISITION_VIEW'];
    expect(await f.strings(dsrmanager)).toEqual(
      sorted([
        // FP at SN1 and, below it, SN1.1: hc01 and hc02 (hc05's FP support is inactive), dh01 (hc04 runs no FP)
        ...strings(approveAndView, ['hc01', 'hc02', 'dh01'], FP),
        // EM at SN2: every member of RGEM1
        ...strings(approveAndView, ['hc01', 'hc03', 'dh01', 'hc04'], EM),
        // Storeroom Manager for EM at the home facility
        ...strings(['REQUISITION_VIEW', 'REQUISITION_CREATE', 'REQUISITION_DELETE'], ['dh01'], EM),
      ]),
    );
  });

  it('give a role at a parent node the child node\'s facilities, and a role at the child node only its own', async () => {
    const { FP } = f.programs;
    const parent = await f.user();
    const child = await f.user();
    await f.assign(parent, [{ roleId: await f.role('Requisition Viewer'), programId: FP, supervisoryNodeId: f.nodes.SN1 }]);
    await f.assign(child, [{ roleId: await f.role('Requisition Viewer'), programId: FP, supervisoryNodeId: f.nodes.SN1_1 }]);
    expect(await f.strings(parent)).toEqual(sorted(strings(['REQUISITION_VIEW'], ['hc01', 'hc02', 'dh01'], FP)));
    expect(await f.strings(child)).toEqual(strings(['REQUISITION_VIEW'], ['dh01'], FP));
  });

  it('cover only the programs the node\'s groups run: EM at SN1 gives nothing', async () => {
    const user = await f.user();
    await f.assign(user, [{ roleId: await f.role('Program Supervisor'), programId: f.programs.EM, supervisoryNodeId: f.nodes.SN1 }]);
    expect(await f.strings(user)).toEqual([]);
  });

  it('apply home-facility supervision roles at the home facility, and at none without one', async () => {
    const { FP, EM } = f.programs;
    const stockManager = await f.role('Stock Manager');
    const srmanager2 = await f.user({ homeFacilityId: 'hc01' });
    await f.assign(srmanager2, [{ roleId: stockManager, programId: FP }, { roleId: stockManager, programId: EM }]);
    const rights = ['STOCK_ADJUST', 'STOCK_CARDS_VIEW', 'STOCK_INVENTORIES_EDIT'];
    expect(await f.strings(srmanager2)).toEqual(sorted([...strings(rights, ['hc01'], FP), ...strings(rights, ['hc01'], EM)]));

    const homeless = await f.user();
    await f.assign(homeless, [{ roleId: stockManager, programId: FP }]);
    expect(await f.strings(homeless)).toEqual([]);
  });

  it('give fulfillment rights at the warehouse, without a program', async () => {
    const wclerk1 = await f.user({ homeFacilityId: 'wh01' });
    await f.assign(wclerk1, [{ roleId: await f.role('Warehouse Clerk'), warehouseId: 'wh01' }]);
    expect(await f.strings(wclerk1)).toEqual(['ORDERS_EDIT|wh01', 'ORDERS_VIEW|wh01', 'SHIPMENTS_EDIT|wh01', 'SHIPMENTS_VIEW|wh01']);
  });

  it('give administration and reporting rights everywhere', async () => {
    const administrator = await f.user();
    await f.assign(administrator, [{ roleId: await f.role('System Administrator') }, { roleId: await f.role('Reporting Personnel') }]);
    const expected = [...rightsOfType('GENERAL_ADMIN'), ...rightsOfType('REPORTS').filter((r) => r !== 'REPORT_TEMPLATES_EDIT')];
    expect(await f.strings(administrator)).toEqual(sorted(expected));
  });

  it('are empty for an inactive user, and come back when the user is reactivated', async () => {
    const user = await f.user({ homeFacilityId: 'hc01' });
    await f.assign(user, [{ roleId: await f.role('System Administrator') }, { roleId: await f.role('Stock Viewer'), programId: f.programs.FP }]);
    expect(await f.strings(user)).toHaveLength(rightsOfType('GENERAL_ADMIN').length + 1);
    expect((await f.call('DELETE', `/users/${user}`)).body.active).toBe(false);
    expect(await f.strings(user)).toEqual([]);
    expect((await f.call('GET', `/users/${user}/hasRight?right=USERS_MANAGE`)).body).toEqual({ result: false });
    const current = (await f.call('GET', `/users/${user}`)).body;
    expect((await f.call('PUT', `/users/${user}`, { ...current, active: true })).status).toBe(200);
    expect(await f.strings(user)).toHaveLength(rightsOfType('GENERAL_ADMIN').length + 1);
  });

  it('carry an ETag that is a hash of the set: 304 while it holds, a new tag when it changes', async () => {
    const user = await f.user({ homeFacilityId: 'hc02' });
    await f.assign(user, [{ roleId: await f.role('Stock Viewer'), programId: f.programs.FP }]);
    const first = await f.call('GET', `/users/${user}/permissionStrings`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    const again = await fetch(`${f.app.url}/api/users/${user}/permissionStrings`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    await f.assign(user, [{ roleId: await f.role('Stock Manager'), programId: f.programs.FP }]);
    const changed = await fetch(`${f.app.url}/api/users/${user}/permissionStrings`, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('are 404 for an unknown user', async () => {
    const reply = await f.call('GET', '/users/00000000-0000-4000-8000-000000000000/permissionStrings');
    expect(reply.status).toBe(404);
    expect(reply.body.messageKey).toBe('auth.error.user.notFound');
  });
});

describe('hasRight', () => {
  let user: string;
  beforeAll(async () => {
    user = await f.user({ homeFacilityId: 'hc01' });
    await f.assign(user, [
      { roleId: await f.role('Storeroom Manager'), programId: f.programs.FP },
      { roleId: await f.role('Warehouse Clerk'), warehouseId: 'wh02' },
      { roleId: await f.role('Reporting Personnel') },
    ]);
  });

  const cases: Array<[string, string, boolean]> = [
    ['a supervision right for the program at the facility', 'right=REQUISITION_CREATE&programId={FP}&facilityId=hc01', true],
    ['a supervision right for another program', 'right=REQUISITION_CREATE&programId={EM}&facilityId=hc01', false],
    ['a supervision right at another facility', 'right=REQUISITION_CREATE&programId={FP}&facilityId=hc02', false],
    ['a supervision right for the program somewhere', 'right=REQUISITION_CREATE&programId={FP}', true],
    ['a right the roles do not hold', 'right=REQUISITION_APPROVE&programId={FP}&facilityId=hc01', false],
    ['a fulfillment right at the warehouse', 'right=ORDERS_VIEW&warehouseId=wh02', true],
    ['a fulfillment right at another warehouse', 'right=ORDERS_VIEW&facilityId=wh01', false],
    ['a reporting right, by id', `rightId=${RIGHTS.find((r) => r.name === 'REPORTS_VIEW')!.id}`, true],
    ['a reporting right in any scope', 'right=STOCK_STATUS_REPORT_VIEW&facilityId=hc02', true],
  ];
  it.each(cases)('answers for %s', async (_label, query, expected) => {
    const reply = await f.call('GET', `/users/${user}/hasRight?${query.replace('{FP}', f.programs.FP).replace('{EM}', f.programs.EM)}`);
    expect({ status: reply.status, body: reply.body }).toEqual({ status: 200, body: { result: expected } });
  });

  it('refuses a missing or unknown right with 400', async () => {
    expect((await f.call('GET', `/users/${user}/hasRight`)).body.messageKey).toBe('auth.error.right.required');
    expect((await f.call('GET', `/users/${user}/hasRight?right=FLY`)).status).toBe(400);
    expect((await f.call('GET', `/users/${user}/hasRight?rightId=nope`)).status).toBe(400);
  });
});

describe('the permission service', () => {
  it('answers has, facilitiesFor and programsFor from one computation', async () => {
    const { FP, EM } = f.programs;
    const user = await f.user({ homeFacilityId: 'hc01' });
    await f.assign(user, [
      { roleId: await f.role('Requisition Viewer'), programId: FP, supervisoryNodeId: f.nodes.SN1 },
      { roleId: await f.role('Requisition Viewer'), programId: EM },
      { roleId: await f.role('Warehouse Clerk'), warehouseId: 'wh01' },
    ]);
    const { platform } = f.app;
    const service = createAuthorization({ dataSource: platform.dataSource, directory: platform.fhir.directory, fhir: platform.fhir });
    const permissions = await service.forUser(user);
    expect(permissions.has('REQUISITION_VIEW', { programId: FP, facilityId: 'dh01' })).toBe(true);
    expect(permissions.has('REQUISITION_VIEW', { programId: EM, facilityId: 'dh01' })).toBe(false);
    expect(permissions.facilitiesFor('REQUISITION_VIEW', FP)).toEqual(['dh01', 'hc01', 'hc02']);
    expect(permissions.facilitiesFor('REQUISITION_VIEW')).toEqual(['dh01', 'hc01', 'hc02']);
    expect(permissions.programsFor('REQUISITION_VIEW', 'hc01')).toEqual([FP, EM].sort());
    expect(permissions.programsFor('REQUISITION_VIEW', 'hc02')).toEqual([FP]);
    expect(permissions.facilitiesFor('ORDERS_VIEW')).toEqual(['wh01']);
    expect(permissions.facilitiesFor('ORDERS_VIEW', FP)).toEqual(['wh01']);
    expect(permissions.programsFor('ORDERS_VIEW')).toEqual([]);
    expect(permissions.has('USERS_MANAGE')).toBe(false);
  });

  it('computes a user\'s permissions once per request, and afresh for the next request', async () => {
    const user = await f.user();
    await f.assign(user, [{ roleId: await f.role('Reporting Personnel') }]);
    const { platform } = f.app;
    const service = createAuthorization({ dataSource: platform.dataSource, directory: platform.fhir.directory, fhir: platform.fhir });
    const [request, next] = [{} as Request, {} as Request];
    const first = service.forRequest(request, user);
    expect(service.forRequest(request, user)).toBe(first);
    await f.assign(user, []);
    expect((await service.forRequest(request, user)).strings()).toContain('REPORTS_VIEW');
    expect((await service.forRequest(next, user)).strings()).toEqual([]);
    expect((await service.forUser('00000000-0000-4000-8000-000000000000')).strings()).toEqual([]);
  });
});

