/**
 * The roles a new installation starts with: those the configuration guide's examples assign
 * ("Setup Roles", "Assign Roles") and OpenLMIS's demo defines, named as they name them. Each
 * holds rights of one type. Administrators may change or remove them like any role.
 */
import { nameBasedUuid, rightsOfType, type RightOf, type RightType } from '../rights/right-catalogue.js';

export interface DefaultRole<T extends RightType = RightType> {
  id: string;
  name: string;
  description: string;
  type: T;
  rights: ReadonlyArray<RightOf<T>>;
}

const ROLE_ID_NAMESPACE = 'b1a7d2c4-2f0e-4e5a-8c3b-7d9e1f2a4b60';

function role<T extends RightType>(type: T, name: string, description: string, rights: ReadonlyArray<RightOf<T>>): DefaultRole<T> {
  return { id: nameBasedUuid(ROLE_ID_NAMESPACE, name), name, description, type, rights };
}

const REPORT_VIEWING = rightsOfType('REPORTS').filter((right) => right !== 'REPORT_TEMPLATES_EDIT');

export const DEFAULT_ROLES: ReadonlyArray<DefaultRole> = [
  role('SUPERVISION', 'Storeroom Manager', 'Can create, view, and delete requisitions', ['REQUISITION_VIEW', 'REQUISITION_CREATE', 'REQUISITION_DELETE']),
  role('SUPERVISION', 'Store Manager', 'Can view, authorize, and delete requisitions', ['REQUISITION_VIEW', 'REQUISITION_AUTHORIZE', 'REQUISITION_DELETE']),
  role('SUPERVISION', 'District Storeroom Manager', 'Can view and approve requisitions', ['REQUISITION_VIEW', 'REQUISITION_APPROVE']),
  role('SUPERVISION', 'Program Supervisor', 'Can view and approve requisitions for a program across a supervisory hierarchy', ['REQUISITION_VIEW', 'REQUISITION_APPROVE']),
  role('SUPERVISION', 'Requisition Viewer', 'Can view requisitions', ['REQUISITION_VIEW']),
  role('SUPERVISION', 'Stock Manager', 'Can adjust stock, edit stock inventories and view stock cards', ['STOCK_ADJUST', 'STOCK_INVENTORIES_EDIT', 'STOCK_CARDS_VIEW']),
  role('SUPERVISION', 'Stock Viewer', 'Can view stock cards', ['STOCK_CARDS_VIEW']),
  role('SUPERVISION', 'Delivery Approver', 'Can manage proofs of delivery', ['PODS_VIEW', 'PODS_MANAGE']),
  role('SUPERVISION', 'CCE Inventory Manager', 'Can view and edit cold chain equipment inventory', ['CCE_INVENTORY_VIEW', 'CCE_INVENTORY_EDIT']),
  role('SUPERVISION', 'CCE Inventory Viewer', 'Can view cold chain equipment inventory', ['CCE_INVENTORY_VIEW']),
  role('ORDER_FULFILLMENT', 'Warehouse Clerk', 'Can convert requisitions to orders, view orders, and fill them with shipments', ['ORDERS_VIEW', 'ORDERS_EDIT', 'SHIPMENTS_VIEW', 'SHIPMENTS_EDIT']),
  role('ORDER_FULFILLMENT', 'Warehouse Manager', 'Can do everything with a warehouse\'s orders and shipments, including transfers and deletions', rightsOfType('ORDER_FULFILLMENT')),
  role('GENERAL_ADMIN', 'System Administrator', 'Can administer everything: reference data, users, roles and system settings', rightsOfType('GENERAL_ADMIN')),
  role('REPORTS', 'Reporting Personnel', 'Can view and print all reports', REPORT_VIEWING),
];

/** The default role with this name, for seeds and demo data. */
export function defaultRole(name: string): DefaultRole | undefined {
  return DEFAULT_ROLES.find((candidate) => candidate.name === name);
}
