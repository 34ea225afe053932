/**
 * What the reference data module is given by the platform: its database, and the FHIR layer's
 * typed interfaces for facilities and zones (which live as mCSD Locations, never in our tables).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { FacilityDirectory, FhirLayer } from '../../../fhir/index.js';

export interface ReferenceDataContext {
  dataSource: DataSource;
  /** Facilities and zones as typed records: existence checks, lookups by code, the zone tree. */
  directory: FacilityDirectory;
  /** The FHIR layer, for the facility and zone views that write Locations. */
  fhir: FhirLayer;
}

/**
 * Where a service reads and writes: the data source, or a transaction's entity manager (an
 * import runs many services' writes in one transaction). Both hand out repositories.
 */
export type Repositories = Pick<DataSource | EntityManager, 'getRepository' | 'transaction'>;
