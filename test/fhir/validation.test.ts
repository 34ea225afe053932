import fs from 'node:fs';
import path from 'node:path';
import type { Bundle, Location, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { packageRoot } from '../../api/paths.js';
import { loadFhirDefinitions, skippedStructureDefinitions } from '../../fhir/definitions/load.js';
import { findLoadedProfile, listLoadedProfiles, profilesFor } from '../../fhir/definitions/profiles.js';
import { FhirError } from '../../fhir/outcomes.js';
import { normalizeLegacyCodes } from '../../fhir/validation/legacy-codes.js';
import { profileIssues, profileIssuesReparsing } from '../../fhir/validation/medplum-validator.js';
import { expandValueSet } from '../../fhir/validation/terminology.js';
import { checkFhirResource, validateFhirResource } from '../../fhir/validation/validate.js';

const fixturesDir = path.join(packageRoot, 'test', 'fixtures', 'mcsd');
const MCSD = 'https://profiles.ihe.net/ITI/mCSD/StructureDefinition/';
const LASTMILE = 'https://lastmile.health/fhir/StructureDefinition/';
const LASTMILE_CODE = 'https://lastmile.health/fhir/sid/code';

function fixture<T extends Resource>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, file), 'utf8')) as T;
}

/** Every example resource of the IG (not the CapabilityStatements), by file name. */
const exampleFiles = fs
  .readdirSync(fixturesDir)
  .filter((file) => file.endsWith('.json') && !file.startsWith('CapabilityStatement-') && !file.startsWith('Bundle-'));
const bundleEntries = (fixture<Bundle>('Bundle-Example-MCSD.json').entry ?? []).map((entry) => entry.resource as Resource);

/** The issues of a rejected resource; fails the test if it was accepted or failed otherwise. */
function rejection(resource: unknown, options?: { expectedType?: string }): OperationOutcomeIssue[] {
  try {
    validateFhirResource(resource, options);
  } catch (err) {
    expect(err).toBeInstanceOf(FhirError);
    const fhirError = err as FhirError;
    expect(fhirError.status).toBe(400);
    expect(fhirError.outcome.resourceType).toBe('OperationOutcome');
    for (const item of fhirError.outcome.issue ?? []) expect(item.expression?.length).toBe(1);
    return fhirError.outcome.issue ?? [];
  }
  throw new Error('expected the resource to be rejected');
}

const errorsAt = (issues: OperationOutcomeIssue[], expression: string) =>
  issues.filter((item) => item.severity === 'error' && item.expression?.[0] === expression);

function facility(): Location {
  return fixture<Location>('Location-MCSDFacilityLocation-Example.json');
}

function lastmileFacility(identifier?: Location['identifier']): Location {
  return { ...facility(), meta: { profile: [`${LASTMILE}lastmile-facility-location`] }, ...(identifier ? { identifier } : {}) };
}

beforeAll(() => loadFhirDefinitions());

describe('loading the definitions', () => {
  it('loads every mCSD and Lastmile profile except the one medplum cannot parse', () => {
    const sdFiles = ['mcsd', 'lastmile'].flatMap((dir) =>
      fs.readdirSync(path.join(packageRoot, 'profiles', dir)).filter((file) => file.startsWith('StructureDefinition-')),
    );
    expect(listLoadedProfiles()).toHaveLength(sdFiles.length - 1);
    expect(skippedStructureDefinitions().map((skipped) => skipped.url)).toEqual([`${MCSD}IHE.mCSD.ProcessCareServices`]);
    loadFhirDefinitions(); // idempotent
    expect(listLoadedProfiles()).toHaveLength(sdFiles.length - 1);
  });

  it('lists the profiles per resource type', () => {
    expect(profilesFor('Location').sort()).toEqual(
      [
        `${LASTMILE}lastmile-facility-location`,
        `${LASTMILE}lastmile-jurisdiction`,
        `${MCSD}IHE.mCSD.FacilityLocation`,
        `${MCSD}IHE.mCSD.JurisdictionLocation`,
        `${MCSD}IHE.mCSD.Location`,
        `${MCSD}IHE.mCSD.LocationDistance`,
      ].sort(),
    );
    expect(profilesFor('Organization')).toContain(`${LASTMILE}lastmile-facility-organization`);
    expect(profilesFor('Bundle')).toEqual([]);
    expect(profilesFor('Extension')).toEqual([]);
  });

  it('derives the Lastmile profiles from the mCSD ones', () => {
    expect(findLoadedProfile(`${LASTMILE}lastmile-jurisdiction`)?.baseDefinition).toBe(`${MCSD}IHE.mCSD.JurisdictionLocation`);
    expect(findLoadedProfile(`${LASTMILE}lastmile-facility-location`)?.baseDefinition).toBe(`${MCSD}IHE.mCSD.FacilityLocation`);
    expect(findLoadedProfile(`${LASTMILE}lastmile-facility-organization`)?.baseDefinition).toBe(`${MCSD}IHE.mCSD.FacilityOrganization`);
  });
});

describe('the mCSD examples', () => {
  it.each(exampleFiles)('%s validates against its own meta.profile', (file) => {
    const resource = fixture(file);
    expect(resource.meta?.profile?.length).toBeGreaterThan(0);
    for (const url of resource.meta?.profile ?? []) expect(findLoadedProfile(url)).toBeDefined();
    const { issues } = checkFhirResource(resource);
    expect(issues.filter((item) => item.severity === 'error')).toEqual([]);
  });

  it.each(bundleEntries.map((resource) => [`${resource.resourceType}/${resource.id}`, resource]))(
    'Bundle-Example-MCSD entry %s validates against its own meta.profile',
    (_name, resource) => {
      expect(resource.meta?.profile?.length).toBeGreaterThan(0);
      expect(validateFhirResource(resource, { expectedType: resource.resourceType })).toBe(resource);
    },
  );

  it('accepts the whole transaction Bundle, noting that its ProcessCareServices profile was not checked', () => {
    const { issues } = checkFhirResource(fixture('Bundle-Example-MCSD.json'));
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'information', expression: ['Bundle.meta.profile[0]'] }),
    ]);
  });
});

describe('rejections', () => {
  it('refuses a status outside the required value set', () => {
    const issues = rejection({ ...facility(), status: 'bogus' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', code: 'code-invalid', expression: ['Location.status'] });
    expect(issues[0].diagnostics).toContain('http://hl7.org/fhir/ValueSet/location-status');
  });

  it('checks required bindings deep inside, in contained resources and in Bundle entries', () => {
    const location = { resourceType: 'Location', hoursOfOperation: [{ daysOfWeek: ['mon', 'someday'] }], contained: [{ resourceType: 'Organization', telecom: [{ system: 'pigeon' }] }] };
    const issues = rejection(location);
    expect(errorsAt(issues, 'Location.hoursOfOperation[0].daysOfWeek[1]')).toHaveLength(1);
    expect(errorsAt(issues, 'Location.contained[0].telecom[0].system')).toHaveLength(1);
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Location', status: 'bogus' } }] };
    expect(errorsAt(rejection(bundle), 'Bundle.entry[0].resource.status')).toHaveLength(1);
  });

  it('refuses an unknown element, naming its path', () => {
    const issues = rejection({ ...facility(), colour: 'blue' });
    expect(errorsAt(issues, 'Location.colour')).toHaveLength(1);
    expect(issues[0].diagnostics).toContain('colour');
  });

  it('refuses a resourceType other than the one expected', () => {
    const issues = rejection(facility(), { expectedType: 'Organization' });
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', code: 'invalid', expression: ['$this'] })]);
    expect(issues[0].diagnostics).toBe('Expected resourceType Organization but got Location');
  });

  it('refuses a body without resourceType, with an unknown one, or that is not an object', () => {
    const { resourceType: _dropped, ...untyped } = facility();
    expect(rejection(untyped)[0].diagnostics).toMatch(/no resourceType/);
    expect(rejection({ ...facility(), resourceType: 'Facility' })[0].diagnostics).toMatch(/Unknown resourceType "Facility"/);
    expect(rejection({ resourceType: 'Coding', code: 'x' })[0].diagnostics).toMatch(/Unknown resourceType "Coding"/);
    for (const body of [null, 'Location', 42, [facility()]]) {
      expect(rejection(body)[0].diagnostics).toMatch(/must be a JSON object/);
    }
  });

  it('refuses a FacilityLocation without managingOrganization, naming the element and the profile', () => {
    const { managingOrganization: _dropped, ...location } = facility();
    const issues = rejection(location);
    expect(issues).toHaveLength(1);
    expect(issues[0].expression).toEqual(['Location.managingOrganization']);
    expect(issues[0].diagnostics).toMatch(/Missing required property.*MCSDFacilityLocation/);
    // the same Location without the profile claim is fine: the requirement comes from the profile
    expect(() => validateFhirResource({ ...location, meta: undefined })).not.toThrow();
  });

  it('locates malformed primitive extensions, on which medplum itself throws', () => {
    const issues = rejection({ ...facility(), _status: 5, identifier: [{ system: 'urn:x', _system: 'oops' }] });
    expect(errorsAt(issues, 'Location.status')[0].diagnostics).toMatch(/"_status" must hold/);
    expect(errorsAt(issues, 'Location.identifier[0].system')).toHaveLength(1);
  });

  it('refuses a claimed profile for another resource type', () => {
    const issues = rejection({ ...facility(), meta: { profile: [`${MCSD}IHE.mCSD.FacilityOrganization`] } });
    expect(errorsAt(issues, 'Location.meta.profile[0]')).toHaveLength(1);
  });

  it('lists every issue at once', () => {
    const { managingOrganization: _dropped, ...location } = facility();
    const issues = rejection({ ...location, status: 'bogus', colour: 'blue', name: 7, meta: { profile: [...location.meta!.profile!, 'https://example.org/unknown'] } });
    expect(errorsAt(issues, 'Location.status')).toHaveLength(1);
    expect(errorsAt(issues, 'Location.colour')).toHaveLength(1);
    expect(errorsAt(issues, 'Location.name')).toHaveLength(1);
    expect(errorsAt(issues, 'Location.managingOrganization')).toHaveLength(1);
    expect(issues.filter((item) => item.severity === 'information')).toEqual([
      expect.objectContaining({ expression: ['Location.meta.profile[1]'] }),
    ]);
    expect(issues).toHaveLength(5); // the base and profile reports of the same problem are merged
  });
});

describe('profiles claimed but unknown', () => {
  it('are an information note, not an error', () => {
    const { issues } = checkFhirResource({ ...facility(), meta: { profile: ['http://example.org/StructureDefinition/other'] } });
    expect(issues).toEqual([expect.objectContaining({ severity: 'information', code: 'informational', expression: ['Location.meta.profile[0]'] })]);
  });
});

describe('legacy mCSD type codes', () => {
  const legacy = (): Location => {
    const location = facility();
    location.type![0] = { coding: [{ system: 'urn:ietf:rfc:3986', code: 'urn:ihe:iti:mcsd:2019:facility' }] };
    return location;
  };

  it('are accepted where the mCSD 4.0 profile expects the new coding', () => {
    const sent = legacy();
    expect(validateFhirResource(sent)).toBe(sent);
    expect(sent.type![0].coding![0].system).toBe('urn:ietf:rfc:3986'); // what is stored is what was sent
  });

  it('would fail the type[facility] slice without the normalisation', () => {
    const issues = profileIssues(legacy(), findLoadedProfile(`${MCSD}IHE.mCSD.FacilityLocation`)!);
    expect(errorsAt(issues, 'Location.type')[0]?.diagnostics).toMatch(/slice 'facility'/);
  });

  it('are normalised by a pure function', () => {
    const sent = legacy();
    const before = JSON.stringify(sent);
    const normalized = normalizeLegacyCodes(sent);
    expect(JSON.stringify(sent)).toBe(before);
    expect(normalized.type![0].coding![0]).toEqual({ system: 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types', code: 'facility' });
    expect(normalized.type![1]).toEqual(sent.type![1]);
    const current = facility();
    expect(normalizeLegacyCodes(current)).toBe(current);
  });
});

describe('Lastmile profiles', () => {
  it('require the Lastmile code identifier', () => {
    const issues = rejection(lastmileFacility());
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', expression: ['Location.identifier'] });
    expect(issues[0].diagnostics).toMatch(/LastmileFacilityLocation/);
    expect(errorsAt(rejection(lastmileFacility([{ system: 'http://other.org/ids', value: 'X' }])), 'Location.identifier')[0].diagnostics).toMatch(/lastmileCode/);
    expect(errorsAt(rejection(lastmileFacility([{ system: LASTMILE_CODE }])), 'Location.identifier[0]')[0].diagnostics).toMatch(/lmh-1/);
  });

  it('accept a resource with the Lastmile code', () => {
    const location = lastmileFacility([{ system: 'http://other.org/ids', value: 'X' }, { system: LASTMILE_CODE, value: 'HF-0001' }]);
    expect(validateFhirResource(location)).toBe(location);
  });

  it('only apply to resources that claim them', () => {
    expect(facility().identifier).toBeUndefined();
    expect(() => validateFhirResource(facility())).not.toThrow();
    const organization = fixture('Organization-MCSDFacilityOrganization-Example.json');
    expect(() => validateFhirResource(organization)).not.toThrow();
    const claimed = { ...organization, meta: { profile: [`${LASTMILE}lastmile-facility-organization`] } };
    expect(errorsAt(rejection(claimed), 'Organization.identifier')).toHaveLength(1);
    expect(() => validateFhirResource({ ...claimed, identifier: [{ system: LASTMILE_CODE, value: 'ORG-1' }] })).not.toThrow();
  });
});

describe('terminology', () => {
  it('expands value sets from the local definitions, and gives up on external ones', () => {
    expect([...(expandValueSet('http://hl7.org/fhir/ValueSet/location-status|4.0.1')?.codes ?? [])].sort()).toEqual(['active', 'inactive', 'suspended']);
    expect(expandValueSet('http://terminology.hl7.org/ValueSet/v3-ServiceDeliveryLocationRoleType')?.codings.has('http://terminology.hl7.org/CodeSystem/v3-RoleCode|HOSP')).toBe(true);
    expect(expandValueSet('https://profiles.ihe.net/ITI/mCSD/ValueSet/IHE.mCSD.Organization.Location.Types')?.codes).toEqual(new Set(['facility', 'jurisdiction']));
    expect(expandValueSet('http://hl7.org/fhir/ValueSet/mimetypes')).toBeUndefined();
    expect(() => validateFhirResource({ resourceType: 'Patient', photo: [{ contentType: 'image/x-anything' }] })).not.toThrow();
  });
});

describe('the cached-schema profile validation', () => {
  const variants = (resource: Resource): Resource[] => [
    resource,
    ...Object.keys(resource)
      .filter((key) => key !== 'resourceType')
      .map((key) => ({ ...resource, [key]: undefined }) as Resource),
    { ...resource, colour: 'blue' } as unknown as Resource,
    { ...resource, identifier: [{ system: 5 }] } as unknown as Resource,
  ];

  it('reports exactly what medplum reports when it re-parses the profile', () => {
    let compared = 0;
    for (const resource of [...exampleFiles.map((file) => fixture(file)), lastmileFacility()]) {
      const profile = findLoadedProfile(resource.meta!.profile![0])!;
      for (const variant of variants(resource)) {
        expect(profileIssues(variant, profile)).toEqual(profileIssuesReparsing(variant, profile));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('speed', () => {
  it('validates a typical mCSD facility Location in well under a millisecond', () => {
    const location = facility();
    for (let i = 0; i < 1000; i++) validateFhirResource(location);
    const runs = 3000;
    const start = performance.now();
    for (let i = 0; i < runs; i++) validateFhirResource(location);
    const average = (performance.now() - start) / runs;
    expect(average).toBeLessThan(1);
  });
});
