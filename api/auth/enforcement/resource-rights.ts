/**
 * The right each /api resource needs, declared in one place: reading reference data needs a
 * session or token and nothing more (every user's screens list programs, facilities, products);
 * changing it needs the administration right OpenLMIS names for it; people and their roles need
 * the user administration rights even to be read. A collection missing from this table is refused
 * to everyone (fail closed), so a new route cannot be reachable without being declared here.
 * CSV files (imports and exports) name the same resources and need DATA_IMPORT / DATA_EXPORT on top.
 */
import type { RightName } from '../rights/right-catalogue.js';

export interface ResourceRights {
  /** undefined: any authenticated caller may read. */
  read?: RightName;
  write: RightName;
}

const referenceData = (write: RightName): ResourceRights => ({ write });

export const RESOURCE_RIGHTS: Record<string, ResourceRights> = {
  programs: referenceData('PROGRAMS_MANAGE'),
  processingSchedules: referenceData('PROCESSING_SCHEDULES_MANAGE'),
  processingPeriods: referenceData('PROCESSING_SCHEDULES_MANAGE'),
  geographicLevels: referenceData('GEOGRAPHIC_ZONES_MANAGE'),
  geographicZones: referenceData('GEOGRAPHIC_ZONES_MANAGE'),
  facilityTypes: referenceData('FACILITIES_MANAGE'),
  facilityOperators: referenceData('FACILITIES_MANAGE'),
  facilities: referenceData('FACILITIES_MANAGE'),
  facilityPrograms: referenceData('FACILITIES_MANAGE'),
  orderableDisplayCategories: referenceData('ORDERABLES_MANAGE'),
  dispensingUnits: referenceData('ORDERABLES_MANAGE'),
  commodityTypes: referenceData('ORDERABLES_MANAGE'),
  tradeItems: referenceData('ORDERABLES_MANAGE'),
  orderables: referenceData('ORDERABLES_MANAGE'),
  orderablePrograms: referenceData('ORDERABLES_MANAGE'),
  orderableChildren: referenceData('ORDERABLES_MANAGE'),
  lots: referenceData('LOTS_MANAGE'),
  facilityTypeApprovedProducts: referenceData('FACILITY_APPROVED_ORDERABLES_MANAGE'),
  idealStockAmounts: referenceData('SYSTEM_IDEAL_STOCK_AMOUNTS_MANAGE'),
  supervisoryNodes: referenceData('SUPERVISORY_NODES_MANAGE'),
  requisitionGroups: referenceData('REQUISITION_GROUPS_MANAGE'),
  requisitionGroupMembers: referenceData('REQUISITION_GROUPS_MANAGE'),
  requisitionGroupProgramSchedules: referenceData('REQUISITION_GROUPS_MANAGE'),
  supplyLines: referenceData('SUPPLY_LINES_MANAGE'),
  stockCardLineItemReasons: referenceData('STOCK_CARD_LINE_ITEM_REASONS_MANAGE'),
  stockCardLineItemReasonTags: referenceData('STOCK_CARD_LINE_ITEM_REASONS_MANAGE'),
  reasonTypes: referenceData('STOCK_CARD_LINE_ITEM_REASONS_MANAGE'),
  reasonCategories: referenceData('STOCK_CARD_LINE_ITEM_REASONS_MANAGE'),
  validReasons: referenceData('STOCK_ADJUSTMENT_REASONS_MANAGE'),
  organizations: referenceData('STOCK_ORGANIZATIONS_MANAGE'),
  validSources: referenceData('STOCK_SOURCES_MANAGE'),
  validDestinations: referenceData('STOCK_DESTINATIONS_MANAGE'),
  users: { read: 'USERS_MANAGE', write: 'USERS_MANAGE' },
  roles: { read: 'USER_ROLES_MANAGE', write: 'USER_ROLES_MANAGE' },
  roleAssignments: { read: 'USER_ROLES_MANAGE', write: 'USER_ROLES_MANAGE' },
  rights: { read: 'USER_ROLES_MANAGE', write: 'USER_ROLES_MANAGE' },
  registrySync: { read: 'FACILITIES_MANAGE', write: 'SYSTEM_SETTINGS_MANAGE' },
  auditEvents: { read: 'SYSTEM_SETTINGS_MANAGE', write: 'SYSTEM_SETTINGS_MANAGE' },
};
