/** Bad input gets the right 4xx with an OperationOutcome, and leaves the store as it was. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { jurisdiction } from '../helpers/fhir.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await send('PUT', '/Location/existing', JSON.stringify(jurisdiction('existing', 'Existing')));
});
afterAll(() => app.stop());

async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/fhir${path}`, {
    method,
    headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json', ...headers },
    body,
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, body: json };
}

async function storeState(): Promise<string> {
  const rows = await app.platform.dataSource.query(
    `SELECT (SELECT count(*) FROM fhir_resource) || '/' || (SELECT count(*) FROM fhir_history) || '/' || (SELECT coalesce(max(version), 0) FROM fhir_resource) AS state`,
  );
  return rows[0].state;
}

const deep = (levels: number) => `{"resourceType":"Location","name":"x","status":"active","extension":[${'{"url":"http://x","extension":['.repeat(levels)}${']}'.repeat(levels)}]}`;
const big = JSON.stringify({ ...jurisdiction('big', 'Big'), description: 'x'.repeat(10 * 1024 * 1024) });

const cases: Array<[string, string, string, string | undefined, Record<string, string>, number]> = [
  ['malformed JSON', 'POST', '/Location', '{"resourceType": "Location", ', {}, 400],
  ['not an object', 'POST', '/Location', '[1,2,3]', {}, 400],
  ['no body', 'POST', '/Location', undefined, {}, 400],
  ['no resourceType', 'POST', '/Location', '{"name":"x"}', {}, 400],
  ['wrong resourceType for the URL', 'POST', '/Location', '{"resourceType":"Organization","name":"x"}', {}, 400],
  ['unknown resourceType', 'POST', '/Location', '{"resourceType":"Spaceship","name":"x"}', {}, 400],
  ['unknown type in the URL', 'POST', '/Spaceship', '{"resourceType":"Spaceship"}', {}, 404],
  ['id mismatch', 'PUT', '/Location/existing', JSON.stringify(jurisdiction('other', 'Other')), {}, 400],
  ['missing id on update', 'PUT', '/Location/existing', JSON.stringify({ ...jurisdiction('x', 'No id'), id: undefined }), {}, 400],
  ['invalid id in the URL', 'PUT', '/Location/bad$id', JSON.stringify(jurisdiction('bad$id', 'x')), {}, 400],
  ['unknown element', 'PUT', '/Location/existing', JSON.stringify({ ...jurisdiction('existing', 'x'), colour: 'red' }), {}, 400],
  ['wrong data type', 'PUT', '/Location/existing', JSON.stringify({ ...jurisdiction('existing', 'x'), name: 42 }), {}, 400],
  ['bad required code', 'PUT', '/Location/existing', JSON.stringify({ ...jurisdiction('existing', 'x'), status: 'bogus' }), {}, 400],
  ['invalid profile data', 'PUT', '/Location/existing', JSON.stringify({ ...jurisdiction('existing', 'x'), meta: { profile: ['https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD.FacilityLocation'] } }), {}, 400],
  ['10 MB body', 'PUT', '/Location/big', big, {}, 413],
  ['deep nesting', 'POST', '/Location', deep(200), {}, 400],
  ['unsupported content type', 'POST', '/Location', 'name=x', { 'Content-Type': 'text/csv' }, 415],
  ['malformed If-Match', 'PUT', '/Location/existing', JSON.stringify(jurisdiction('existing', 'x')), { 'If-Match': 'yesterday' }, 400],
  ['stale If-Match', 'PUT', '/Location/existing', JSON.stringify(jurisdiction('existing', 'x')), { 'If-Match': 'W/"9"' }, 412],
  ['dangling partOf', 'PUT', '/Location/existing', JSON.stringify(jurisdiction('existing', 'x', 'nowhere')), {}, 422],
  ['bad version id', 'GET', '/Location/existing/_history/abc', undefined, {}, 400],
  ['unsupported interaction', 'PATCH', '/Location/existing', '[]', {}, 404],
];

describe('bad input', () => {
  it.each(cases)('%s: %s %s -> %i', async (_label, method, path, body, headers, status) => {
    const before = await storeState();
    const reply = await send(method, path, body, headers);
    expect(reply.status).toBe(status);
    expect(reply.body?.resourceType).toBe('OperationOutcome');
    expect(reply.body.issue.length).toBeGreaterThan(0);
    expect(reply.body.issue.every((i: any) => i.severity && i.code)).toBe(true);
    expect(await storeState()).toBe(before);
  });

  it('lists every issue of an invalid resource, each with its location', async () => {
    const reply = await send('PUT', '/Location/existing', JSON.stringify({ ...jurisdiction('existing', 'x'), status: 'bogus', colour: 'red', name: 42 }));
    expect(reply.status).toBe(400);
    const expressions = reply.body.issue.flatMap((i: any) => i.expression ?? []);
    expect(expressions).toEqual(expect.arrayContaining(['Location.status', 'Location.name']));
    expect(reply.body.issue.length).toBeGreaterThanOrEqual(3);
  });
});
