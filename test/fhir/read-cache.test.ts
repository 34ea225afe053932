/** The read cache never serves a stale version: not to the writer, not to another app instance. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fhir, jurisdiction } from '../helpers/fhir.js';

let first: TestApp;
let second: TestApp;
beforeAll(async () => {
  first = await startTestApp();
  // A second app instance on the same database, as behind a load balancer.
  second = await startTestApp({ DATABASE_URL: first.databaseUrl });
});
afterAll(async () => {
  await second.stop();
  await first.stop();
});

const name = async (app: TestApp, id: string) => (await fhir(app.url, 'GET', `/Location/${id}`)).body.name;

describe('read cache', () => {
  it('serves a writer its own write at once', async () => {
    await fhir(first.url, 'PUT', '/Location/rc-1', jurisdiction('rc-1', 'One'));
    expect(await name(first, 'rc-1')).toBe('One');
    await fhir(first.url, 'PUT', '/Location/rc-1', jurisdiction('rc-1', 'Two'));
    expect(await name(first, 'rc-1')).toBe('Two');
    await fhir(first.url, 'DELETE', '/Location/rc-1');
    expect((await fhir(first.url, 'GET', '/Location/rc-1')).status).toBe(410);
  });

  it('drops what another instance changed as soon as that commit is announced', async () => {
    await fhir(first.url, 'PUT', '/Location/rc-2', jurisdiction('rc-2', 'Before'));
    expect(await name(second, 'rc-2')).toBe('Before'); // now cached by the second instance
    expect(await name(second, 'rc-2')).toBe('Before');
    await fhir(first.url, 'PUT', '/Location/rc-2', jurisdiction('rc-2', 'After'));
    let seen = await name(second, 'rc-2');
    for (let i = 0; i < 50 && seen !== 'After'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await name(second, 'rc-2');
    }
    expect(seen).toBe('After');
  });

  it('is not fooled by a rolled-back write', async () => {
    await fhir(first.url, 'PUT', '/Location/rc-3', jurisdiction('rc-3', 'Kept'));
    expect(await name(first, 'rc-3')).toBe('Kept');
    const refused = await fhir(first.url, 'PUT', '/Location/rc-3', jurisdiction('rc-3', 'Refused', 'nowhere'));
    expect(refused.status).toBe(422);
    expect(await name(first, 'rc-3')).toBe('Kept');
    expect(await name(second, 'rc-3')).toBe('Kept');
  });
});
