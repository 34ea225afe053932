/**
 * Which resource types the FHIR layer serves, and with which interactions. The layer is generic:
 * later modules register more types (SupplyRequest, SupplyDelivery, ...) at start.
 */
export type Interaction = 'read' | 'vread' | 'update' | 'delete' | 'create' | 'search-type' | 'history-instance' | 'history-type';

export const ALL_INTERACTIONS: readonly Interaction[] = ['read', 'vread', 'update', 'delete', 'create', 'search-type', 'history-instance', 'history-type'];

/** The seven resource types of an IHE mCSD Directory. */
export const MCSD_TYPES = ['Location', 'Organization', 'HealthcareService', 'Endpoint', 'Practitioner', 'PractitionerRole', 'OrganizationAffiliation'] as const;

const registered = new Map<string, readonly Interaction[]>();

export function registerResourceType(resourceType: string, interactions: readonly Interaction[] = ALL_INTERACTIONS): void {
  registered.set(resourceType, interactions);
}

export function isRegisteredType(resourceType: string): boolean {
  return registered.has(resourceType);
}

export function registeredTypes(): string[] {
  return [...registered.keys()].sort();
}

export function interactionsOf(resourceType: string): readonly Interaction[] {
  return registered.get(resourceType) ?? [];
}

for (const type of MCSD_TYPES) registerResourceType(type);
