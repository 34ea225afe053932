/** The facility directory and the location_directory SQL view stay current with every Location write. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';

let app: TestApp;
const put = (path: string, body: unknown) => fhir(app.url, 'PUT', path, body);

beforeAll(async () => {
  app = await startTestApp();
  await put('/Location/mw', jurisdiction('mw', 'Malawi'));
  await put('/Location/south', jurisdiction('south', 'Southern Region', 'mw'));
  await put('/Location/north', jurisdiction('north', 'Northern Region', 'mw'));
  await put('/Location/zomba', jurisdiction('zomba', 'Zomba District', 'south'));
  await put('/Location/fac-1', facility('fac-1', 'Zomba Central Hospital', 'zomba'));
  await put('/Location/fac-2', facility('fac-2', 'Domasi Health Centre', 'zomba'));
});
afterAll(() => app.stop());

describe('facility directory', () => {
  it('finds a facility by id and by Lastmile code, with its kind and path', async () => {
    const { directory } = app.platform.fhir;
    const byId = await directory.get('fac-1');
    expect(byId).toMatchObject({ id: 'fac-1', code: 'FAC-1', name: 'Zomba Central Hospital', kind: 'facility', parentId: 'zomba', path: ['mw', 'south', 'zomba', 'fac-1'], status: 'active', owner: 'lastmile' });
    expect(await directory.getByCode('FAC-2')).toMatchObject({ id: 'fac-2' });
    expect(await directory.get('nope')).toBeUndefined();
  });

  it('lists children, descendants by kind, and the path up to the country', async () => {
    const { directory } = app.platform.fhir;
    expect((await directory.children('mw')).map((l) => l.id)).toEqual(['north', 'south']);
    expect((await directory.children('south', { descendants: true, kind: 'facility' })).map((l) => l.id)).toEqual(['fac-2', 'fac-1']);
    expect((await directory.ancestry('fac-2')).map((l) => l.name)).toEqual(['Malawi', 'Southern Region', 'Zomba District', 'Domasi Health Centre']);
  });

  it('re-roots a whole subtree when a zone moves', async () => {
    await put('/Location/zomba', jurisdiction('zomba', 'Zomba District', 'north'));
    expect((await app.platform.fhir.directory.get('fac-1'))!.path).toEqual(['mw', 'north', 'zomba', 'fac-1']);
    await put('/Location/zomba', jurisdiction('zomba', 'Zomba District', 'south'));
    expect((await app.platform.fhir.directory.get('fac-2'))!.path).toEqual(['mw', 'south', 'zomba', 'fac-2']);
  });

  it('publishes the location_directory view for set-based queries', async () => {
    const rows = await app.platform.dataSource.query(
      `SELECT id, code, kind, zone_path FROM location_directory WHERE kind = 'facility' AND 'south' = ANY(zone_path) ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'fac-1', code: 'FAC-1', kind: 'facility', zone_path: ['mw', 'south', 'zomba', 'fac-1'] },
      { id: 'fac-2', code: 'FAC-2', kind: 'facility', zone_path: ['mw', 'south', 'zomba', 'fac-2'] },
    ]);
  });

  it('drops deleted Locations and refuses a Lastmile code used twice (422)', async () => {
    await put('/Location/fac-3', facility('fac-3', 'Temporary', 'zomba'));
    await fhir(app.url, 'DELETE', '/Location/fac-3');
    expect(await app.platform.fhir.directory.get('fac-3')).toBeUndefined();
    const duplicate = await put('/Location/fac-4', { ...facility('fac-4', 'Copy', 'zomba'), identifier: [{ system: 'https://lastmile.health/fhir/sid/code', value: 'FAC-1' }] });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.issue[0].diagnostics).toContain('Location/fac-1');
  });

  it('tells subscribers about committed changes only', async () => {
    const heard: string[] = [];
    const unsubscribe = await app.platform.fhir.directory.subscribe((id) => heard.push(id));
    try {
      await put('/Location/fac-5', facility('fac-5', 'New clinic', 'zomba'));
      await put('/Location/fac-6', facility('fac-6', 'Rolled back', 'nowhere')); // 422: never committed
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual(['fac-5']);
    } finally {
      await unsubscribe();
    }
  });
});
