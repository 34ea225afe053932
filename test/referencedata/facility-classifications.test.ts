/** /api/facilityTypes, /api/facilityOperators and /api/geographicLevels: the guide's rules for each. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { apiCall } from '../helpers/api.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

function api(method: string, path: string, body?: unknown) {
  return apiCall(app.url, method, path, body);
}

describe.each([
  ['/facilityTypes', 'facilityType', { code: 'health_center', name: 'Health Center', displayOrder: 1 }, { active: true, displayOrder: 1 }],
  ['/facilityOperators', 'facilityOperator', { code: 'moh', name: 'Ministry of Health', displayOrder: 1 }, { displayOrder: 1 }],
  ['/geographicLevels', 'geographicLevel', { code: 'Country', name: 'Country', levelNumber: 1 }, { levelNumber: 1 }],
])('%s', (path, key, valid, expected) => {
  it('creates, reads and updates', async () => {
    const created = await api('POST', path, valid);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...valid, ...expected, description: null, version: 1 });
    const updated = await api('PUT', `${path}/${created.body.id}`, { ...created.body, description: 'Described' });
    expect(updated.body).toMatchObject({ description: 'Described', version: 2 });
    expect((await api('GET', `${path}/${created.body.id}`)).body.description).toBe('Described');
  });

  it('refuses a duplicate code (409), a missing name and an unknown field (400)', async () => {
    const duplicate = await api('POST', path, { ...valid, name: 'Other', ...('levelNumber' in valid ? { levelNumber: 9 } : {}) });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.messageKey).toBe(`referenceData.error.${key}.code.duplicated`);
    const { name: _name, ...nameless } = valid;
    const missing = await api('POST', path, { ...nameless, code: 'other' });
    expect(missing.status).toBe(400);
    expect(missing.body.details.fieldErrors).toHaveProperty('name');
    expect((await api('POST', path, { ...valid, code: 'x', shape: 'round' })).status).toBe(400);
  });

  it('lists with paging and a code filter', async () => {
    const page = await api('GET', `${path}?page=0&size=10&code=${encodeURIComponent(valid.code)}`);
    expect(page.body).toMatchObject({ totalElements: 1, number: 0 });
    expect(page.body.content[0].code).toBe(valid.code);
  });
});

describe('geographic levels', () => {
  it('keep level numbers unique, whole and from 1, and list in level order', async () => {
    await api('POST', '/geographicLevels', { code: 'District', name: 'District', levelNumber: 3 });
    await api('POST', '/geographicLevels', { code: 'Region', name: 'Region', levelNumber: 2 });
    const clash = await api('POST', '/geographicLevels', { code: 'Zone', name: 'Zone', levelNumber: 2 });
    expect(clash.status).toBe(409);
    expect(clash.body.messageKey).toBe('referenceData.error.geographicLevel.levelNumber.duplicated');
    expect((await api('POST', '/geographicLevels', { code: 'Z0', name: 'Zero', levelNumber: 0 })).status).toBe(400);
    expect((await api('POST', '/geographicLevels', { code: 'Z1', name: 'Half', levelNumber: 1.5 })).status).toBe(400);
    expect((await api('POST', '/geographicLevels', { code: 'Z2', name: 'None' })).status).toBe(400);
    const list = await api('GET', '/geographicLevels');
    expect(list.body.content.map((l: any) => l.levelNumber)).toEqual([1, 2, 3]);
  });
});
