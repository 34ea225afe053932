/**
 * Every right Lastmile knows, by type (OpenLMIS v3's right set after its last migrations; the
 * configuration guide, "Rights within Roles"). A right's type says how a role holding it is
 * assigned: supervision rights by program at a facility, fulfillment rights at a warehouse,
 * administration and reporting rights everywhere. Ids are derived from the names, so every
 * installation gives a right the same id.
 */
import crypto from 'node:crypto';

export const RIGHT_TYPES = ['SUPERVISION', 'ORDER_FULFILLMENT', 'GENERAL_ADMIN', 'REPORTS'] as const;
export type RightType = (typeof RIGHT_TYPES)[number];

/** [name, description] for each right, grouped by type. */
const CATALOGUE = {
  SUPERVISION: [
    ['REQUISITION_VIEW', 'View requisitions'],
    ['REQUISITION_CREATE', 'Initiate, fill and submit requisitions'],
    ['REQUISITION_DELETE', 'Delete requisitions not yet authorized'],
    ['REQUISITION_AUTHORIZE', 'Authorize submitted requisitions'],
    ['REQUISITION_APPROVE', 'Approve or reject authorized requisitions'],
    ['STOCK_CARDS_VIEW', 'View stock cards and stock on hand'],
    ['STOCK_ADJUST', 'Adjust stock, receive and issue'],
    ['STOCK_INVENTORIES_EDIT', 'Draft and submit physical inventories'],
    ['STOCK_EVENTS_CANCEL', 'Cancel stock events'],
    ['PODS_VIEW', 'View proofs of delivery'],
    ['PODS_MANAGE', 'Edit and confirm proofs of delivery'],
    ['ORDER_CREATE', 'Create orders directly'],
    ['CCE_INVENTORY_VIEW', 'View cold chain equipment inventory'],
    ['CCE_INVENTORY_EDIT', 'Edit cold chain equipment inventory'],
    ['CCE_INVENTORY_TRANSFER', 'Transfer cold chain equipment'],
    ['IDEAL_STOCK_AMOUNT_VIEW', 'View ideal stock amounts'],
    ['IDEAL_STOCK_AMOUNT_EDIT', 'Edit ideal stock amounts'],
    ['PRICE_CHANGES_VIEW', 'View price changes'],
    ['PREPARE_BUQ', 'Prepare bottom-up quantifications'],
    ['CREATE_FORECASTING', 'Create forecasts'],
    ['AUTHORIZE_FORECASTING', 'Authorize forecasts'],
    ['APPROVE_BUQ', 'Approve bottom-up quantifications'],
    ['MOH_APPROVAL', 'Approve as the ministry of health'],
    ['PORALG_APPROVAL', 'Approve as the regional administration'],
    ['MANAGE_DHIS2_SUPERVISORY_NODES', 'Manage DHIS2 supervisory nodes'],
  ],
  ORDER_FULFILLMENT: [
    ['ORDERS_VIEW', 'View orders'],
    ['ORDERS_EDIT', 'Create orders and convert requisitions to orders'],
    ['ORDERS_TRANSFER', 'Retry failed order transfers'],
    ['ORDERS_DELETE', 'Delete orders'], // not in OpenLMIS's right table, but its fulfillment service checks it
    ['SHIPMENTS_VIEW', 'View shipments'],
    ['SHIPMENTS_EDIT', 'Fill orders: edit and confirm shipments'],
  ],
  GENERAL_ADMIN: [
    ['FACILITIES_MANAGE', 'Manage facilities'],
    ['GEOGRAPHIC_ZONES_MANAGE', 'Manage geographic zones'],
    ['SUPERVISORY_NODES_MANAGE', 'Manage supervisory nodes'],
    ['REQUISITION_GROUPS_MANAGE', 'Manage requisition groups'],
    ['SUPPLY_LINES_MANAGE', 'Manage supply lines'],
    ['SUPPLY_PARTNERS_MANAGE', 'Manage supply partners'],
    ['PROCESSING_SCHEDULES_MANAGE', 'Manage processing schedules and periods'],
    ['ORDERABLES_MANAGE', 'Manage products'],
    ['FACILITY_APPROVED_ORDERABLES_MANAGE', 'Manage facility type approved products'],
    ['PROGRAMS_MANAGE', 'Manage programs'],
    ['LOTS_MANAGE', 'Manage lots'],
    ['USERS_MANAGE', 'Manage users'],
    ['USER_ROLES_MANAGE', 'Manage roles and role assignments'],
    ['RIGHTS_VIEW', 'View rights and users\' permissions'],
    ['SERVICE_ACCOUNTS_MANAGE', 'Manage service accounts and API keys'],
    ['SYSTEM_SETTINGS_MANAGE', 'Manage system settings'],
    ['SYSTEM_IDEAL_STOCK_AMOUNTS_MANAGE', 'Manage ideal stock amounts system-wide'],
    ['SYSTEM_NOTIFICATIONS_MANAGE', 'Manage system notifications'],
    ['REQUISITION_TEMPLATES_MANAGE', 'Manage requisition templates'],
    ['STOCK_CARD_TEMPLATES_MANAGE', 'Manage stock card templates'],
    ['STOCK_ADJUSTMENT_REASONS_MANAGE', 'Manage stock adjustment reasons'],
    ['STOCK_CARD_LINE_ITEM_REASONS_MANAGE', 'Manage stock card line item reasons'],
    ['STOCK_SOURCES_MANAGE', 'Manage valid stock sources'],
    ['STOCK_DESTINATIONS_MANAGE', 'Manage valid stock destinations'],
    ['STOCK_ORGANIZATIONS_MANAGE', 'Manage stock organizations'],
    ['CCE_MANAGE', 'Manage the cold chain equipment catalogue'],
    ['DATA_EXPORT', 'Export data'],
    ['DATA_IMPORT', 'Import data'],
    ['REPORTS_MANAGE', 'Manage reports'],
    ['REPORT_CATEGORIES_MANAGE', 'Manage report categories'],
    ['EDIT_PRODUCT_PRICE_STOCK_MANAGEMENT', 'Edit product prices in stock management'],
    ['MANAGE_BUQ', 'Manage bottom-up quantification'],
    ['MANAGE_DHIS2', 'Manage the DHIS2 integration'],
    ['MANAGE_DHIS2_PERIODS', 'Manage DHIS2 periods'],
  ],
  REPORTS: [
    ['REPORTS_VIEW', 'View reports'],
    ['REPORT_TEMPLATES_EDIT', 'Edit report templates'],
    ['REPORTING_RATE_AND_TIMELINESS_REPORT_VIEW', 'View the reporting rate and timeliness report'],
    ['STOCK_STATUS_REPORT_VIEW', 'View the stock status report'],
    ['STOCKOUTS_REPORT_VIEW', 'View the stockouts report'],
    ['CONSUMPTION_REPORT_VIEW', 'View the consumption report'],
    ['ORDERS_REPORT_VIEW', 'View the orders report'],
    ['ADJUSTMENTS_REPORT_VIEW', 'View the adjustments report'],
    ['ADMINISTRATIVE_REPORT_VIEW', 'View the administrative report'],
  ],
} as const satisfies Record<RightType, ReadonlyArray<readonly [string, string]>>;

export type RightName = (typeof CATALOGUE)[RightType][number][0];

/** The rights of one type, by name (e.g. `RightOf<'ORDER_FULFILLMENT'>`). */
export type RightOf<T extends RightType> = (typeof CATALOGUE)[T][number][0];

export interface RightDefinition {
  id: string;
  name: RightName;
  type: RightType;
  description: string;
}

/** Names every right's id is derived from (a UUID v5 namespace of our own). */
const RIGHT_ID_NAMESPACE = '3f6c1e8a-5b1d-4c0e-9a57-6d2f4b8e1c30';

export const RIGHTS: readonly RightDefinition[] = RIGHT_TYPES.flatMap((type) =>
  CATALOGUE[type].map(([name, description]) => ({ id: nameBasedUuid(RIGHT_ID_NAMESPACE, name), name: name as RightName, type, description })),
);

const BY_NAME = new Map<string, RightDefinition>(RIGHTS.map((right) => [right.name, right]));
const BY_ID = new Map<string, RightDefinition>(RIGHTS.map((right) => [right.id, right]));

export function isRightName(text: string): text is RightName {
  return BY_NAME.has(text);
}

export function rightNamed(name: string): RightDefinition | undefined {
  return BY_NAME.get(name);
}

export function rightWithId(id: string): RightDefinition | undefined {
  return BY_ID.get(id.toLowerCase());
}

export function rightsOfType<T extends RightType>(type: T): Array<RightOf<T>> {
  return CATALOGUE[type].map(([name]) => name as RightOf<T>);
}

/** RFC 4122 version 5 (SHA-1, name-based) UUID: the same name always gives the same id. */
export function nameBasedUuid(namespace: string, name: string): string {
  const hash = crypto.createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
