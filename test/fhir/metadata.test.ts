/** The CapabilityStatement is generated, and offers everything the official mCSD Directory statements require. */
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../api/paths.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fhir } from '../helpers/fhir.js';

let app: TestApp;
let statement: any;
beforeAll(async () => {
  app = await startTestApp();
  statement = (await fhir(app.url, 'GET', '/metadata')).body;
});
afterAll(() => app.stop());

const official = (name: string) => JSON.parse(fs.readFileSync(path.join(packageRoot, 'test', 'fixtures', 'mcsd', `CapabilityStatement-IHE.mCSD.${name}.json`), 'utf8'));
const expectation = (element: any) => element.extension?.find((e: any) => e.url.endsWith('capabilitystatement-expectation'))?.valueCode;
const ours = (type: string) => statement.rest[0].resource.find((r: any) => r.type === type);

describe('GET /fhir/metadata', () => {
  it('is an instance CapabilityStatement for FHIR 4.0.1 in JSON and XML', () => {
    expect(statement.resourceType).toBe('CapabilityStatement');
    expect(statement.kind).toBe('instance');
    expect(statement.fhirVersion).toBe('4.0.1');
    expect(statement.format).toEqual(expect.arrayContaining(['application/fhir+json', 'application/fhir+xml']));
    expect(statement.rest[0].interaction.map((i: any) => i.code)).toEqual(expect.arrayContaining(['transaction', 'batch', 'history-system']));
  });

  it('lists all seven mCSD types with read, search-type and history-type (what update clients check)', () => {
    for (const type of ['Location', 'Organization', 'HealthcareService', 'Endpoint', 'Practitioner', 'PractitionerRole', 'OrganizationAffiliation']) {
      const codes = ours(type).interaction.map((i: any) => i.code);
      expect(codes).toEqual(expect.arrayContaining(['read', 'vread', 'search-type', 'history-type', 'history-instance', 'create', 'update', 'delete']));
    }
  });

  it.each(['Directory', 'Directory.Update', 'Directory.Feed', 'Directory.LocationDistance'])('offers every SHALL and SHOULD of the mCSD %s statement', (name) => {
    for (const resource of official(name).rest[0].resource) {
      const mine = ours(resource.type);
      expect(mine).toBeDefined();
      const myParams = mine.searchParam.map((p: any) => p.name);
      for (const param of resource.searchParam ?? []) {
        if (!['SHALL', 'SHOULD'].includes(expectation(param))) continue;
        // `_since` is the history interaction's parameter; `near-distance` exists only in STU3;
        // `name:contains` names a modifier, which every string parameter here supports.
        if (param.name === '_since') expect(mine.interaction.map((i: any) => i.code)).toContain('history-type');
        else if (param.name !== 'near-distance') expect([resource.type, myParams]).toEqual([resource.type, expect.arrayContaining([param.name.split(':')[0]])]);
      }
      for (const interaction of resource.interaction ?? []) {
        if (['SHALL', 'SHOULD'].includes(expectation(interaction))) expect(mine.interaction.map((i: any) => i.code)).toContain(interaction.code);
      }
      expect(mine.searchInclude).toEqual(expect.arrayContaining(resource.searchInclude ?? []));
      expect(mine.searchRevInclude).toEqual(expect.arrayContaining(resource.searchRevInclude ?? []));
    }
  });

  it('names the profiles it validates against', () => {
    expect(ours('Location').supportedProfile).toEqual(
      expect.arrayContaining(['https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD.FacilityLocation', 'https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD.JurisdictionLocation']),
    );
  });

  it('is served as XML when asked', async () => {
    const response = await fetch(`${app.url}/fhir/metadata?_format=xml`);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+xml/);
    expect(await response.text()).toMatch(/^(<\?xml [^>]*\?>)?<CapabilityStatement xmlns="http:\/\/hl7.org\/fhir">/);
  });
});
