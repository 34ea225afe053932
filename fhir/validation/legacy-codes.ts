/**
 * mCSD before 3.x marked facilities and jurisdictions with `urn:ietf:rfc:3986` codings
 * (`urn:ihe:iti:mcsd:2019:facility`, `...:jurisdiction`), and deployed registries (GOFR, the OpenHIM
 * DXF sync mediator) still send them. mCSD 4.0's profiles slice `type` on the new CodeSystem, so such
 * a resource would fail `type[facility]`. Validation therefore looks at a normalised copy; the
 * stored resource keeps exactly what the client sent.
 */
import type { CodeableConcept, Coding } from '@medplum/fhirtypes';

export const MCSD_TYPES_SYSTEM = 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types';
export const LEGACY_TYPES_SYSTEM = 'urn:ietf:rfc:3986';

const LEGACY_CODES: Record<string, string> = {
  'urn:ihe:iti:mcsd:2019:facility': 'facility',
  'urn:ihe:iti:mcsd:2019:jurisdiction': 'jurisdiction',
};

/** The resource types whose `type` element carries the mCSD facility/jurisdiction marker. */
const TYPED_RESOURCES = new Set(['Location', 'Organization']);

function isLegacy(coding: Coding): boolean {
  return coding.system === LEGACY_TYPES_SYSTEM && coding.code !== undefined && coding.code in LEGACY_CODES;
}

/** The codings of a concept, if it has a well-formed list (malformed input is left to the validator). */
function codingsOf(concept: CodeableConcept | undefined): Coding[] | undefined {
  return Array.isArray(concept?.coding) ? concept.coding : undefined;
}

function hasLegacyCoding(types: CodeableConcept[]): boolean {
  return types.some((concept) => codingsOf(concept)?.some((coding) => coding && isLegacy(coding)));
}

/**
 * Returns the resource with legacy mCSD type codings replaced in place (same array positions, so
 * issue paths still point at what the client sent) by their mCSD 4.0 equivalents. Pure: the input is
 * never modified; when there is nothing to change the input itself is returned.
 */
export function normalizeLegacyCodes<T>(resource: T): T {
  const record = resource as { resourceType?: unknown; type?: unknown };
  if (!TYPED_RESOURCES.has(record.resourceType as string) || !Array.isArray(record.type)) return resource;
  const types = record.type as CodeableConcept[];
  if (!hasLegacyCoding(types)) return resource;
  const normalized = types.map((concept) => {
    const codings = codingsOf(concept);
    return codings ? { ...concept, coding: codings.map((coding) => (coding && isLegacy(coding) ? modernCoding(coding) : coding)) } : concept;
  });
  return { ...resource, type: normalized };
}

function modernCoding(coding: Coding): Coding {
  // Only system and code are replaced; display, userSelected and extensions stay as sent.
  return { ...coding, system: MCSD_TYPES_SYSTEM, code: LEGACY_CODES[coding.code as string] };
}
