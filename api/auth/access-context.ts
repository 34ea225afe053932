/**
 * What the users, roles and permissions parts of the auth module are given: the database, and the
 * FHIR layer's typed views of facilities (a home facility or a warehouse is a Location id; which
 * programs a facility supports lives on its Location).
 */
import type { DataSource } from 'typeorm';
import type { FacilityDirectory, FhirLayer } from '../../fhir/index.js';

export interface AccessContext {
  dataSource: DataSource;
  directory: FacilityDirectory;
  fhir: Pick<FhirLayer, 'locations'>;
}
