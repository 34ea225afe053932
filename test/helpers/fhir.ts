/** Small helpers for talking FHIR over real HTTP in tests. */
import type { Resource } from '@medplum/fhirtypes';

export interface FhirReply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function fhir<T = any>(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<FhirReply<T>> {
  const response = await fetch(`${base}/fhir${path}`, {
    method,
    headers: { Accept: 'application/fhir+json', ...(body !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const MCSD_TYPES_CS = 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types';

export function jurisdiction(id: string, name: string, parent?: string): Resource {
  return {
    resourceType: 'Location',
    id,
    name,
    status: 'active',
    type: [{ coding: [{ system: MCSD_TYPES_CS, code: 'jurisdiction' }] }],
    physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'jdn' }] },
    ...(parent ? { partOf: { reference: `Location/${parent}` } } : {}),
  } as Resource;
}

export function facility(id: string, name: string, parent: string, extra: Record<string, unknown> = {}): Resource {
  return {
    resourceType: 'Location',
    id,
    name,
    status: 'active',
    identifier: [{ system: 'https://lastmile.health/fhir/sid/code', value: id.toUpperCase() }],
    type: [{ coding: [{ system: MCSD_TYPES_CS, code: 'facility' }] }],
    physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'bu' }] },
    partOf: { reference: `Location/${parent}` },
    ...extra,
  } as Resource;
}
