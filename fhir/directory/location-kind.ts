/** What kind of place a Location is, read from its mCSD type codes (4.0 and the older ones still deployed). */
import type { Location } from '@medplum/fhirtypes';

export const LASTMILE_CODE_SYSTEM = 'https://lastmile.health/fhir/sid/code';
const MCSD_TYPES = 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types';
const LEGACY_SYSTEM = 'urn:ietf:rfc:3986';

export type LocationKind = 'facility' | 'jurisdiction' | 'other';

export function locationKind(location: Location): LocationKind {
  const codings = (location.type ?? []).flatMap((concept) => concept.coding ?? []);
  for (const kind of ['facility', 'jurisdiction'] as const) {
    const legacy = `urn:ihe:iti:mcsd:2019:${kind}`;
    if (codings.some((c) => (c.system === MCSD_TYPES && c.code === kind) || (c.system === LEGACY_SYSTEM && c.code === legacy))) return kind;
  }
  return 'other';
}

export function typeCodes(location: Location): string[] {
  return (location.type ?? []).flatMap((concept) => concept.coding ?? []).map((c) => `${c.system ?? ''}|${c.code ?? ''}`);
}

export function lastmileCode(location: Location): string | undefined {
  return location.identifier?.find((identifier) => identifier.system === LASTMILE_CODE_SYSTEM)?.value;
}

export function parentId(location: Location): string | undefined {
  const match = /^Location\/([A-Za-z0-9\-.]{1,64})$/.exec(location.partOf?.reference ?? '');
  return match?.[1];
}
