/** /api/programs: the configuration guide's program rules, OpenLMIS paging, optimistic locking. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { apiCall } from '../helpers/api.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return apiCall(app.url, method, path, body, headers);
}

const program = (code: string, extra: Record<string, unknown> = {}) => ({ code, name: `Program ${code}`, ...extra });

describe('programs', () => {
  it('creates a program with the guide\'s defaults and reads it back', async () => {
    const created = await api('POST', '/programs', program('PRG001', { name: 'Family Planning', periodsSkippable: true }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      code: 'PRG001',
      name: 'Family Planning',
      description: null,
      active: true,
      periodsSkippable: true,
      showNonFullSupplyTab: false,
      skipAuthorization: false,
      enableDatePhysicalStockCountCompleted: false,
      version: 1,
    });
    expect(created.headers.get('location')).toBe(`/api/programs/${created.body.id}`);
    const read = await api('GET', `/programs/${created.body.id}`);
    expect(read.body).toEqual(created.body);
    expect(read.headers.get('etag')).toBe('W/"1"');
  });

  it.each([
    ['no code', { name: 'x' }, 'code'],
    ['a blank code', { code: '   ', name: 'x' }, 'code'],
    ['no name', { code: 'X1' }, 'name'],
    ['active not a boolean', { code: 'X2', name: 'x', active: 'yes' }, 'active'],
    ['an unknown field', { code: 'X3', name: 'x', colour: 'red' }, 'colour'],
  ])('refuses %s with 400 and the field in error', async (_label, body, field) => {
    const reply = await api('POST', '/programs', body);
    expect(reply.status).toBe(400);
    expect(reply.body.messageKey).toBe('referenceData.error.program.invalid');
    expect(Object.keys(reply.body.details.fieldErrors)).toContain(field);
  });

  it('keeps codes unique and case-sensitive', async () => {
    await api('POST', '/programs', program('EM'));
    const duplicate = await api('POST', '/programs', program('EM'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.messageKey).toBe('referenceData.error.program.code.duplicated');
    expect((await api('POST', '/programs', program('em'))).status).toBe(201);
  });

  it('updates with optimistic locking: a stale version answers 409', async () => {
    const { body: created } = await api('POST', '/programs', program('EPI'));
    const updated = await api('PUT', `/programs/${created.id}`, { ...created, name: 'Expanded Programme on Immunization' }, { 'If-Match': 'W/"1"' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Expanded Programme on Immunization', version: 2 });
    const stale = await api('PUT', `/programs/${created.id}`, { ...created, name: 'Lost update' }, { 'If-Match': 'W/"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.messageKey).toBe('referenceData.error.program.versionConflict');
    const staleBody = await api('PUT', `/programs/${created.id}`, { ...created, name: 'Lost update' }); // version 1 in the body
    expect(staleBody.status).toBe(409);
    expect((await api('GET', `/programs/${created.id}`)).body.name).toBe('Expanded Programme on Immunization');
  });

  it('deactivates rather than deletes', async () => {
    const { body: created } = await api('POST', '/programs', program('OLD'));
    const deactivated = await api('PUT', `/programs/${created.id}`, { ...created, active: false });
    expect(deactivated.body.active).toBe(false);
    expect((await api('DELETE', `/programs/${created.id}`)).status).toBe(404);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await api('GET', '/programs/7c1d7e1a-0000-4000-8000-000000000000')).body.messageKey).toBe('referenceData.error.program.notFound');
    expect((await api('GET', '/programs/not-a-uuid')).status).toBe(404);
  });

  it('lists with OpenLMIS paging, sorting and filters', async () => {
    for (const code of ['P-A', 'P-B', 'P-C', 'P-D', 'P-E']) await api('POST', '/programs', program(code, { name: `Paged ${code}` }));
    const page = await api('GET', '/programs?name=paged&page=1&size=2&sort=code,desc');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ totalElements: 5, totalPages: 3, size: 2, number: 1, numberOfElements: 2, first: false, last: false });
    expect(page.body.content.map((p: any) => p.code)).toEqual(['P-C', 'P-B']);
    const byCode = await api('GET', '/programs?code=P-A');
    expect(byCode.body.content.map((p: any) => p.code)).toEqual(['P-A']);
    const unpaged = await api('GET', '/programs?name=Paged');
    expect(unpaged.body.content).toHaveLength(5);
    expect((await api('GET', '/programs?sort=colour')).status).toBe(400);
    expect((await api('GET', '/programs?size=0')).status).toBe(400);
  });
});
