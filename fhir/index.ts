/**
 * The FHIR layer's public interface: what the platform mounts (the /fhir router) and what other
 * modules and mediators may use (the store for owned writes). Nothing outside fhir/ reaches into
 * its tables or parses FHIR JSON.
 */
import type pg from 'pg';
import type { Router } from 'express';
import { loadFhirDefinitions } from './definitions/load.js';
import { fhirRouter } from './rest/router.js';
import type { FhirGate } from './rest/access.js';
import type { Logger } from 'pino';
import { ReadCache } from './store/read-cache.js';
import { ResourceStore } from './store/resource-store.js';
import { delegateHierarchyCheck } from './store/integrity.js';
import { removeDirectoryEntry, writeDirectoryEntries } from './directory/directory-writer.js';
import { createFacilityDirectory, type FacilityDirectory } from './directory/facility-directory.js';
import { ClassificationPublisher } from './locations/classification-publisher.js';
import { LocationRegistry } from './locations/location-registry.js';
import { registerResourceType } from './registry.js';

export { FhirError } from './outcomes.js';
export type { AccessKind, FhirCaller, FhirGate } from './rest/access.js';
export { registerResourceType, MCSD_TYPES } from './registry.js';
export type { DirectoryLocation, FacilityDirectory, ChildQuery } from './directory/facility-directory.js';
export { LASTMILE_CODE_SYSTEM, type LocationKind } from './directory/location-kind.js';
export { LASTMILE_OWNER, type StoredResource, type WriteResult } from './store/resource-store.js';
export { LocationRegistry, type LocationFilter, type LocationPage, type WriteControl } from './locations/location-registry.js';
export type { FacilityRecord, FacilityRecordInput, ZoneRecord, ZoneRecordInput, SupportedProgram, LocationStatus, GeoPoint, Coded } from './locations/location-records.js';
export { ClassificationPublisher, type PublishedConcept, type PublishedOperator } from './locations/classification-publisher.js';
export { CODE_SYSTEMS, EXTENSIONS } from './locations/lastmile-terms.js';
export type { WriteSession } from './store/session.js';
export { currentOwners, findByIdentifier, transferOwnership, validateSyncedResource, type CurrentOwner, type IdentifierHolder } from './sync/registry-sync.js';
export type { PutRequest } from './store/resource-store.js';

export interface FhirLayer {
  router: Router;
  /** Versioned FHIR storage; mediators write with `{ owner: <registry> }` to sync external registries. */
  store: ResourceStore;
  /** Facilities and zones for the LMIS domain, as typed records. */
  directory: FacilityDirectory;
  /** Reads and writes facilities and zones (as Locations) for the reference data module. */
  locations: LocationRegistry;
  /** Publishes the codes on those Locations (CodeSystems, operator Organizations). */
  publisher: ClassificationPublisher;
  /** Releases the layer's own database connection (before the pool closes). */
  close(): Promise<void>;
}

export interface FhirLayerOptions {
  pool: pg.Pool;
  /** Who a /fhir request comes from and what it may do (the platform's identity decides). */
  gate: FhirGate;
  publicUrl?: string;
  logger?: Logger;
}

// Lastmile publishes the codes on its Locations as CodeSystems; clients read them, only Lastmile writes them.
registerResourceType('CodeSystem', ['read', 'vread', 'search-type', 'history-instance', 'history-type']);

/** The store with its read models (the location directory) kept in step on every write. */
export function createFhirStore(pool: pg.Pool, cache?: ReadCache): ResourceStore {
  delegateHierarchyCheck('Location'); // the location directory finds loops as it computes paths
  return new ResourceStore(pool, { afterWrite: writeDirectoryEntries, afterDelete: removeDirectoryEntry }, cache);
}

/** Builds the layer and starts its read cache listening for other instances' writes. */
export async function createFhirLayer({ pool, publicUrl, logger, gate }: FhirLayerOptions): Promise<FhirLayer> {
  loadFhirDefinitions();
  const cache = new ReadCache();
  await cache.listen(pool, logger);
  const store = createFhirStore(pool, cache);
  return {
    router: fhirRouter({ store, publicUrl, gate }),
    store,
    directory: createFacilityDirectory(pool),
    locations: new LocationRegistry(store),
    publisher: new ClassificationPublisher(store),
    close: () => cache.close(),
  };
}
