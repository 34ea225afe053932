/** POST /api/users/{id}/password: users change their own (knowing the current one); USERS_MANAGE resets others'. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { setPassword } from '../../api/auth/index.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** The password grant's answer status, and the bearer header of its token. */
async function signIn(username: string, password: string): Promise<{ status: number; auth: Record<string, string> }> {
  const basic = Buffer.from('user-client:changeme').toString('base64');
  const response = await fetch(`${app.url}/api/oauth/token?grant_type=password&username=${username}&password=${encodeURIComponent(password)}`, { method: 'POST', headers: { Authorization: `Basic ${basic}` } });
  const body = (await response.json()) as { access_token?: string };
  return { status: response.status, auth: { Authorization: `Bearer ${body.access_token}` } };
}

async function user(username: string, rights: string[] = []): Promise<string> {
  const created = await call('POST', '/api/users', {}, { username, firstName: 'T', lastName: username, active: true });
  if (rights.length > 0) {
    const role = await call('POST', '/api/roles', {}, { name: `Role ${username}`, rights: rights.map((name) => ({ name })) });
    await call('PUT', `/api/users/${created.body.id}/roleAssignments`, {}, [{ roleId: role.body.id }]);
  }
  await setPassword(app.platform.dataSource.manager, created.body.id, 'the first password');
  return created.body.id;
}

describe('changing a password', () => {
  it('a user changes their own, knowing the current one; the new one signs in and the old one does not', async () => {
    const id = await user('changer');
    const { auth } = await signIn('changer', 'the first password');
    expect((await call('POST', `/api/users/${id}/password`, auth, { currentPassword: 'wrong one', newPassword: 'a second password' })).body.messageKey).toBe('auth.error.password.currentWrong');
    expect((await call('POST', `/api/users/${id}/password`, auth, { newPassword: 'a second password' })).status).toBe(400);
    const weak = await call('POST', `/api/users/${id}/password`, auth, { currentPassword: 'the first password', newPassword: 'changer' });
    expect(weak).toMatchObject({ status: 400, body: { messageKey: 'auth.error.password.weak' } });
    expect((await call('POST', `/api/users/${id}/password`, auth, { currentPassword: 'the first password', newPassword: 'a second password' })).status).toBe(204);
    expect((await signIn('changer', 'a second password')).status).toBe(200);
    expect((await signIn('changer', 'the first password')).status).toBe(400);
  });

  it('someone else\'s needs USERS_MANAGE, which resets it without the current one', async () => {
    const target = await user('target');
    await user('bystander');
    const { auth: bystander } = await signIn('bystander', 'the first password');
    expect((await call('POST', `/api/users/${target}/password`, bystander, { newPassword: 'taken over!' })).status).toBe(403);
    await user('admin-user', ['USERS_MANAGE']);
    const { auth: admin } = await signIn('admin-user', 'the first password');
    expect((await call('POST', `/api/users/${target}/password`, admin, { newPassword: 'a reset password' })).status).toBe(204);
    expect((await signIn('target', 'a reset password')).status).toBe(200);
  });

  it('answers 404 for an unknown user and 401 without a token', async () => {
    expect((await call('POST', '/api/users/00000000-0000-4000-8000-000000000000/password', {}, { newPassword: 'whatever it is' })).status).toBe(404);
    expect((await call('POST', '/api/users/00000000-0000-4000-8000-000000000000/password', { Authorization: '' }, { newPassword: 'whatever it is' })).status).toBe(401);
  });
});
