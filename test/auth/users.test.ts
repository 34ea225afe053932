/**
 * The users admin API: usernames and emails unique regardless of case (409), a home facility that
 * is a facility, optimistic locking, lists filtered and paged, deactivation instead of deletion;
 * and CSV import of roles, users and role assignments through /api/imports.
 */
import { startAccessFixture, type AccessFixture } from './access-fixture.js';

let f: AccessFixture;
beforeAll(async () => {
  f = await startAccessFixture();
}, 60_000);
afterAll(() => f.app.stop());

const person = (username: string, extra: Record<string, unknown> = {}) => ({ username, firstName: 'Jane', lastName: 'Doe', ...extra });

describe('/api/users', () => {
  it('creates a user with OpenLMIS\'s defaults and reads it back', async () => {
    const reply = await f.call('POST', '/users', person('jdoe', { email: 'jane@example.org', homeFacilityId: 'hc01', jobTitle: 'Nurse' }));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ username: 'jdoe', active: true, loginRestricted: false, emailVerified: false, homeFacilityId: 'hc01', version: 1 });
    expect(reply.headers.get('etag')).toBe('W/"1"');
    expect(reply.body).not.toHaveProperty('password');
    expect((await f.call('GET', `/users/${reply.body.id}`)).body).toEqual(reply.body);
  });

  const refused: Array<[string, unknown, number, string]> = [
    ['a username taken in another case', person('JDOE'), 409, 'auth.error.user.usernameDuplicated'],
    ['an email taken in another case', person('jdoe2', { email: 'JANE@example.org' }), 409, 'auth.error.user.emailDuplicated'],
    ['a username with spaces', person('j doe'), 400, 'auth.error.user.invalid'],
    ['no last name', { username: 'nolast', firstName: 'No' }, 400, 'auth.error.user.invalid'],
    ['a malformed email', person('bademail', { email: 'not-an-email' }), 400, 'auth.error.user.invalid'],
    ['a password', person('withpassword', { password: 'secret' }), 400, 'auth.error.user.invalid'],
    ['an unknown home facility', person('nowhere', { homeFacilityId: 'nowhere' }), 400, 'auth.error.user.homeFacilityUnknown'],
    ['a zone as the home facility', person('zoned', { homeFacilityId: 'mw' }), 400, 'auth.error.user.homeFacilityUnknown'],
  ];
  it.each(refused)('refuses %s', async (_label, body, status, messageKey) => {
    const reply = await f.call('POST', '/users', body);
    expect({ status: reply.status, messageKey: reply.body.messageKey }).toEqual({ status, messageKey });
  });

  it('updates with optimistic locking, and refuses a username colliding with another user\'s regardless of case', async () => {
    const other = (await f.call('POST', '/users', person('collider'))).body;
    const user = (await f.call('POST', '/users', person('renamer'))).body;
    const collision = await f.call('PUT', `/users/${user.id}`, { ...user, username: 'COLLIDER' });
    expect({ status: collision.status, messageKey: collision.body.messageKey }).toEqual({ status: 409, messageKey: 'auth.error.user.usernameDuplicated' });
    const ownCase = await f.call('PUT', `/users/${user.id}`, { ...user, username: 'Renamer', jobTitle: 'Clerk' });
    expect(ownCase.status).toBe(200);
    expect(ownCase.body).toMatchObject({ username: 'Renamer', jobTitle: 'Clerk', version: 2 });
    const stale = await f.call('PUT', `/users/${user.id}`, { ...user, jobTitle: 'Late' });
    expect({ status: stale.status, messageKey: stale.body.messageKey }).toEqual({ status: 409, messageKey: 'auth.error.user.versionConflict' });
    const staleHeader = await f.call('PUT', `/users/${user.id}`, { ...ownCase.body, version: undefined }, { 'If-Match': 'W/"1"' });
    expect(staleHeader.status).toBe(409);
    expect((await f.call('GET', `/users/${other.id}`)).body.username).toBe('collider');
  });

  it('deactivates rather than deletes', async () => {
    const user = (await f.call('POST', '/users', person('leaver'))).body;
    const reply = await f.call('DELETE', `/users/${user.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: user.id, active: false, version: 2 });
    expect((await f.call('GET', `/users/${user.id}`)).body.active).toBe(false);
    expect((await f.call('DELETE', `/users/${user.id}`)).body.version).toBe(2);
  });

  it('lists users filtered by username, name, email, home facility and active, paged', async () => {
    for (const [username, firstName, lastName, homeFacilityId] of [
      ['list.alice', 'Alice', 'Mwale', 'hc02'],
      ['list.bob', 'Bob', 'Phiri', 'hc02'],
      ['list.carol', 'Carol', 'Mwale', 'hc03'],
    ]) {
      await f.call('POST', '/users', { username, firstName, lastName, homeFacilityId, email: `${username}@example.org` });
    }
    const names = async (query: string) => (await f.call('GET', `/users?${query}`)).body.content.map((u: any) => u.username);
    expect(await names('username=LIST.')).toEqual(['list.alice', 'list.bob', 'list.carol']);
    expect(await names('name=mwale')).toEqual(['list.alice', 'list.carol']);
    expect(await names('name=alice%20mwa')).toEqual(['list.alice']);
    expect(await names('email=bob@')).toEqual(['list.bob']);
    expect(await names('homeFacilityId=hc02')).toEqual(['list.alice', 'list.bob']);
    expect(await names('username=list.&sort=firstName,desc')).toEqual(['list.carol', 'list.bob', 'list.alice']);
    const page = (await f.call('GET', '/users?username=list.&page=1&size=2')).body;
    expect(page).toMatchObject({ totalElements: 3, totalPages: 2, number: 1, size: 2, numberOfElements: 1 });
    expect(await names('username=leaver&active=false')).toEqual(['leaver']);
    expect((await f.call('GET', '/users?active=maybe')).status).toBe(400);
    expect((await f.call('GET', '/users?sort=password')).status).toBe(400);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await f.call('GET', '/users/00000000-0000-4000-8000-000000000000')).body.messageKey).toBe('auth.error.user.notFound');
    expect((await f.call('GET', '/users/not-a-uuid')).status).toBe(404);
    expect((await f.call('PUT', '/users/00000000-0000-4000-8000-000000000000', person('ghost'))).status).toBe(404);
  });
});

describe('CSV import of roles, users and role assignments', () => {
  async function upload(type: string, csv: string) {
    const response = await fetch(`${f.app.url}/api/imports/${type}?wait=true`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
    return { status: response.status, body: (await response.json()) as any };
  }

  it('loads the three files in order and exports them back', async () => {
    const roles = await upload('roles', 'Role Name,Description,Rights\nCSV Clerk,Imported,"REQUISITION_VIEW; REQUISITION_CREATE"\nCSV Auditor,,reports_view\n');
    expect(roles).toMatchObject({ status: 200, body: { report: { committed: true, created: 2 } } });
    const users = await upload('users', 'Username,First Name,Last Name,Email,Home Facility,Active\ncsv.one,One,Csv,one@csv.example.org,HC01,TRUE\ncsv.two,Two,Csv,,,\n');
    expect(users).toMatchObject({ status: 200, body: { report: { committed: true, created: 2 } } });
    const assignments = await upload('roleAssignments', 'Username,Role,Program,Supervisory Node,Warehouse\ncsv.one,csv clerk,FP,,\ncsv.one,CSV Clerk,EM,SN2,\ncsv.two,CSV Auditor,,,\ncsv.two,Warehouse Clerk,,,WH01\n');
    expect(assignments).toMatchObject({ status: 200, body: { report: { committed: true, created: 4 } } });

    const one = (await f.call('GET', '/users?username=csv.one')).body.content[0];
    expect(one).toMatchObject({ homeFacilityId: 'hc01', email: 'one@csv.example.org' });
    expect(await f.strings(one.id)).toContain(`REQUISITION_CREATE|hc01|${f.programs.FP}`);
    expect(await f.strings(one.id)).toContain(`REQUISITION_VIEW|hc03|${f.programs.EM}`);

    const again = await upload('roleAssignments', 'Username,Role,Program,Supervisory Node,Warehouse\ncsv.one,CSV Clerk,FP,,\n');
    expect(again.body.report).toMatchObject({ committed: true, created: 0, updated: 1 });
    const exported = await (await fetch(`${f.app.url}/api/exports/roleAssignments`)).text();
    expect(exported).toContain('csv.two,Warehouse Clerk,,,WH01');
    expect(await (await fetch(`${f.app.url}/api/exports/users`)).text()).toContain('csv.one,One,Csv,one@csv.example.org,FALSE,,,HC01,TRUE,FALSE');
    expect(await (await fetch(`${f.app.url}/api/exports/roles`)).text()).toContain('CSV Clerk,Imported,SUPERVISION,REQUISITION_CREATE; REQUISITION_VIEW');
  });

  it('refuses a file with a bad row whole, naming the row and column', async () => {
    const reply = await upload('roleAssignments', 'Username,Role,Program,Supervisory Node,Warehouse\ncsv.two,Stock Viewer,FP,,\ncsv.two,Warehouse Clerk,FP,,WH01\nnobody,Stock Viewer,FP,,\n');
    expect(reply.status).toBe(422);
    expect(reply.body.report.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'Program', message: expect.stringContaining('does not apply to ORDER_FULFILLMENT roles') }),
      expect.objectContaining({ row: 4, column: 'Username', message: expect.stringContaining('nobody') }),
    ]);
    const two = (await f.call('GET', '/users?username=csv.two')).body.content[0];
    expect((await f.call('GET', `/users/${two.id}/roleAssignments`)).body.map((a: any) => a.roleName)).not.toContain('Stock Viewer');
    const mixed = await upload('roles', 'Role Name,Rights\nMixed,REQUISITION_VIEW ORDERS_VIEW\n');
    expect(mixed.body.report.errors[0]).toMatchObject({ row: 2, column: 'Rights' });
  });
});
