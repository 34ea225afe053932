/**
 * IHE mCSD scenarios driven by a standard FHIR client (fhir-kit-client): a data source feeds a
 * 4-level jurisdiction tree with facilities (ITI-130), a query client finds them by each mCSD
 * parameter (ITI-90), and an update client pulls `_history?_since=` with paging (ITI-91).
 */
import { Client } from 'fhir-kit-client';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { facility, jurisdiction } from '../helpers/fhir.js';

let app: TestApp;
let client: Client;
let sinceFeed: string;

const org = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ resourceType: 'Organization', id, name, active: true, ...extra });
const put = (resource: any) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } });

beforeAll(async () => {
  app = await startTestApp();
  client = new Client({ baseUrl: `${app.url}/fhir` });
  sinceFeed = new Date().toISOString();
  await client.transaction({
    body: {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        put(facility('f-zomba-central', 'Zomba Central Hospital', 'd-zomba', { managingOrganization: { reference: 'Organization/o-moh' }, address: { city: 'Zomba' }, position: { latitude: -15.3833, longitude: 35.3333 } })),
        put(facility('f-domasi', 'Domasi Health Centre', 'sd-domasi', { address: { city: 'Domasi' }, position: { latitude: -15.28, longitude: 35.38 } })),
        put(facility('f-mzuzu', 'Mzuzu Central Hospital', 'd-mzimba', { status: 'inactive', address: { city: 'Mzuzu' }, position: { latitude: -11.45, longitude: 34.02 } })),
        put(jurisdiction('sd-domasi', 'Domasi', 'd-zomba')),
        put(jurisdiction('d-zomba', 'Zomba', 'r-south')),
        put(jurisdiction('d-mzimba', 'Mzimba', 'r-north')),
        put(jurisdiction('r-south', 'Southern Region', 'c-mw')),
        put(jurisdiction('r-north', 'Northern Region', 'c-mw')),
        put(jurisdiction('c-mw', 'Malawi')),
        put(org('o-moh', 'Ministry of Health', { identifier: [{ system: 'urn:mw:org', value: 'MOH' }], type: [{ coding: [{ system: 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types', code: 'facility' }] }] })),
      ],
    },
  });
});
afterAll(() => app.stop());

async function ids(resourceType: string, searchParams: Record<string, string>): Promise<string[]> {
  const bundle: any = await client.search({ resourceType, searchParams });
  return (bundle.entry ?? []).filter((e: any) => e.search?.mode !== 'outcome' && e.search?.mode !== 'include').map((e: any) => e.resource.id).sort();
}

describe('ITI-90 Find Matching Care Services', () => {
  it.each([
    ['identifier', { identifier: 'https://lastmile.health/fhir/sid/code|F-DOMASI' }, ['f-domasi']],
    ['name (starts with, any case)', { name: 'zomba' }, ['d-zomba', 'f-zomba-central']],
    ['name:contains', { 'name:contains': 'central' }, ['f-mzuzu', 'f-zomba-central']],
    ['name:exact', { 'name:exact': 'Zomba' }, ['d-zomba']],
    ['status', { status: 'inactive' }, ['f-mzuzu']],
    ['type', { type: 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types|facility' }, ['f-domasi', 'f-mzuzu', 'f-zomba-central']],
    ['organization', { organization: 'Organization/o-moh' }, ['f-zomba-central']],
    ['partof', { partof: 'Location/d-zomba' }, ['f-zomba-central', 'sd-domasi']],
    ['partof:below (a whole subtree)', { 'partof:below': 'r-south' }, ['d-zomba', 'f-domasi', 'f-zomba-central', 'sd-domasi']],
    ['address-city', { 'address-city': 'mzuzu' }, ['f-mzuzu']],
    ['near (Location Distance option)', { near: '-15.38|35.33|20|km' }, ['f-domasi', 'f-zomba-central']],
    ['_id', { _id: 'c-mw,r-north' }, ['c-mw', 'r-north']],
  ])('Location by %s', async (_label, params, expected) => {
    expect(await ids('Location', params as Record<string, string>)).toEqual(expected);
  });

  it('Organization by identifier, name, active and type, with Location:organization reverse-included', async () => {
    expect(await ids('Organization', { identifier: 'urn:mw:org|MOH' })).toEqual(['o-moh']);
    expect(await ids('Organization', { name: 'ministry', active: 'true' })).toEqual(['o-moh']);
    const bundle: any = await client.search({ resourceType: 'Organization', searchParams: { _id: 'o-moh', _revinclude: 'Location:organization' } });
    expect(bundle.entry.map((e: any) => `${e.search.mode} ${e.resource.id}`).sort()).toEqual(['include f-zomba-central', 'match o-moh']);
  });

  it('includes the managing Organization with _include=Location:organization', async () => {
    const bundle: any = await client.search({ resourceType: 'Location', searchParams: { _id: 'f-zomba-central', _include: 'Location:organization' } });
    expect(bundle.entry.map((e: any) => `${e.search.mode} ${e.resourceType ?? e.resource.resourceType}/${e.resource.id}`).sort()).toEqual([
      'include Organization/o-moh',
      'match Location/f-zomba-central',
    ]);
  });

  it('answers POST _search like GET', async () => {
    const bundle: any = await client.request('Location/_search', { method: 'POST', body: 'name=malawi', options: { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } } } as never);
    expect(bundle.entry.map((e: any) => e.resource.id)).toEqual(['c-mw']);
  });

  it('reads a Location, and answers 404 with an OperationOutcome for an unknown one', async () => {
    const read: any = await client.read({ resourceType: 'Location', id: 'd-zomba' });
    expect(read.partOf.reference).toBe('Location/r-south');
    await expect(client.read({ resourceType: 'Location', id: 'nowhere' })).rejects.toMatchObject({ response: { status: 404, data: { resourceType: 'OperationOutcome' } } });
  });
});

describe('ITI-91 Request Care Services Updates', () => {
  it('pulls creates, updates and deletes since the last sync, page by page', async () => {
    const first: any = await client.request(`Location/_history?_since=${encodeURIComponent(sinceFeed)}&_count=4`);
    const all: any[] = [...first.entry];
    let page = first;
    while ((page = await client.nextPage({ bundle: page }))) all.push(...page.entry);
    expect(all).toHaveLength(9);
    expect(new Set(all.map((e) => e.fullUrl)).size).toBe(9);
    const lastSync = first.meta.lastUpdated;

    await client.update({ resourceType: 'Location', id: 'f-domasi', body: { ...facility('f-domasi', 'Domasi Rural Hospital', 'sd-domasi') } });
    await client.create({ resourceType: 'Location', body: { ...facility('f-new', 'New Clinic', 'd-mzimba'), id: undefined } });
    await client.delete({ resourceType: 'Location', id: 'f-mzuzu' });

    const delta: any = await client.request(`Location/_history?_since=${encodeURIComponent(lastSync)}`);
    const changes = delta.entry.map((e: any) => `${e.request.method} ${e.request.url}`);
    expect(changes).toEqual(['DELETE Location/f-mzuzu', 'POST Location', 'PUT Location/f-domasi']);
    expect(delta.entry[1].resource.name).toBe('New Clinic');
    expect(delta.entry[2].resource.name).toBe('Domasi Rural Hospital');
    expect(delta.entry[0].resource).toBeUndefined();
  });
});

describe('ITI-90 on the other mCSD types', () => {
  beforeAll(async () => {
    await client.update({
      resourceType: 'Practitioner',
      id: 'p-habimana',
      body: { resourceType: 'Practitioner', id: 'p-habimana', active: true, name: [{ prefix: ['Dr'], given: ['Jean', 'Paul'], family: 'Habimana' }] },
    });
    await client.update({
      resourceType: 'Organization',
      id: 'o-clinic',
      body: { resourceType: 'Organization', id: 'o-clinic', name: 'Clinic', type: [{ text: 'Clinic' }], address: [{ line: ['KG 7 Ave'], city: 'Kigali', country: 'RW' }] },
    });
  });

  it.each([
    ['name by family', { name: 'habimana' }],
    ['name by a given name', { name: 'paul' }],
    ['family', { family: 'Habimana' }],
    ['given', { given: 'jean' }],
  ])('Practitioner by %s', async (_label, params) => {
    expect(await ids('Practitioner', params)).toEqual(['p-habimana']);
  });

  it('matches an address by any part, and never a CodeableConcept text as a code', async () => {
    expect(await ids('Organization', { address: 'kigali' })).toEqual(['o-clinic']);
    expect(await ids('Organization', { 'address-country': 'RW' })).toEqual(['o-clinic']);
    expect(await ids('Organization', { type: 'Clinic' })).toEqual([]);
  });
});
