/**
 * Every CSV type, in the order the configuration guide loads them: a file may only name what an
 * earlier one created (zones need levels, facilities need zones and types, ...).
 */
import type { CsvType } from './csv-type.js';
import { facilityOperatorsCsv, facilityTypesCsv, geographicLevelsCsv, processingSchedulesCsv, programsCsv } from './types/classifications.csv.js';
import { facilitiesCsv } from './types/facilities.csv.js';
import { facilityProgramsCsv } from './types/facility-programs.csv.js';
import { geographicZonesCsv } from './types/geographic-zones.csv.js';
import { processingPeriodsCsv } from './types/processing-periods.csv.js';
import { facilityTypeApprovedProductsCsv, idealStockAmountsCsv } from './types/approved-products.csv.js';
import {
  commodityTypesCsv,
  dispensingUnitsCsv,
  lotsCsv,
  orderableChildrenCsv,
  orderableDisplayCategoriesCsv,
  orderableProgramsCsv,
  orderablesCsv,
  tradeItemsCsv,
} from './types/product-catalogue.csv.js';
import { requisitionGroupMembersCsv, requisitionGroupProgramSchedulesCsv } from './types/requisition-group-details.csv.js';
import { organizationsCsv, stockCardLineItemReasonsCsv, validReasonsCsv } from './types/stock-configuration.csv.js';
import { requisitionGroupsCsv, supervisoryNodesCsv, supplyLinesCsv } from './types/supervision.csv.js';
import { validDestinationsCsv, validSourcesCsv } from './types/valid-nodes.csv.js';
import { roleAssignmentsCsv } from '../../auth/csv/role-assignments.csv.js';
import { rolesCsv } from '../../auth/csv/roles.csv.js';
import { usersCsv } from '../../auth/csv/users.csv.js';

export const CSV_TYPES: ReadonlyArray<CsvType<any, any>> = [
  programsCsv,
  processingSchedulesCsv,
  processingPeriodsCsv,
  geographicLevelsCsv,
  geographicZonesCsv,
  facilityTypesCsv,
  facilityOperatorsCsv,
  facilitiesCsv,
  facilityProgramsCsv,
  // The product catalogue: what orderables name comes before them, kits after their contents.
  orderableDisplayCategoriesCsv,
  dispensingUnitsCsv,
  commodityTypesCsv,
  tradeItemsCsv,
  lotsCsv,
  orderablesCsv,
  orderableProgramsCsv,
  orderableChildrenCsv,
  // Approvals and targets: after orderables, facilities and periods.
  facilityTypeApprovedProductsCsv,
  idealStockAmountsCsv,
  // After the product catalogue: stock management, then the supervision hierarchy.
  stockCardLineItemReasonsCsv,
  validReasonsCsv,
  organizationsCsv,
  validSourcesCsv,
  validDestinationsCsv,
  supervisoryNodesCsv,
  requisitionGroupsCsv,
  requisitionGroupMembersCsv,
  requisitionGroupProgramSchedulesCsv,
  supplyLinesCsv,
  // Users and their roles (the auth module): after the facilities, programs and nodes they name.
  rolesCsv,
  usersCsv,
  roleAssignmentsCsv,
];

export function csvType(type: string): CsvType<any, any> | undefined {
  return CSV_TYPES.find((t) => t.type === type);
}

/** The load order of a set of type names (for importing several files at once). */
export function loadOrder(type: string): number {
  const index = CSV_TYPES.findIndex((t) => t.type === type);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}
