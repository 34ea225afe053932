/**
 * The FHIR layer's public interface: what the platform mounts (the /fhir router) and what other
 * modules and mediators may use (the store for owned writes). Nothing outside fhir/ reaches into
 * its tables or parses FHIR JSON.
 */
import type pg from 'pg';
import type { Router } from 'express';
import { loadFhirDefinitions } from './definitions/load.js';
import { fhirRouter } from './rest/router.js';
import { ResourceStore } from './store/resource-store.js';
import { delegateHierarchyCheck } from './store/integrity.js';
import { removeDirectoryEntry, writeDirectoryEntries } from './directory/directory-writer.js';
import { createFacilityDirectory, type FacilityDirectory } from './directory/facility-directory.js';

export { FhirError } from './outcomes.js';
export { registerResourceType, MCSD_TYPES } from './registry.js';
export type { DirectoryLocation, FacilityDirectory, ChildQuery } from './directory/facility-directory.js';
export { LASTMILE_CODE_SYSTEM, type LocationKind } from './directory/location-kind.js';
export { LASTMILE_OWNER, type StoredResource, type WriteResult } from './store/resource-store.js';

export interface FhirLayer {
  router: Router;
  /** Versioned FHIR storage; mediators write with `{ owner: <registry> }` to sync external registries. */
  store: ResourceStore;
  /** Facilities and zones for the LMIS domain, as typed records. */
  directory: FacilityDirectory;
}

export interface FhirLayerOptions {
  pool: pg.Pool;
  publicUrl?: string;
}

/** The store with its read models (the location directory) kept in step on every write. */
export function createFhirStore(pool: pg.Pool): ResourceStore {
  delegateHierarchyCheck('Location'); // the location directory finds loops as it computes paths
  return new ResourceStore(pool, { afterWrite: writeDirectoryEntries, afterDelete: removeDirectoryEntry });
}

export function createFhirLayer({ pool, publicUrl }: FhirLayerOptions): FhirLayer {
  loadFhirDefinitions();
  const store = createFhirStore(pool);
  return { router: fhirRouter({ store, publicUrl }), store, directory: createFacilityDirectory(pool) };
}
