/**
 * Facility type approved products (configuration guide, "Setup Facility Type Approved Products";
 * OpenLMIS `FacilityTypeApprovedProduct`): a maximum periods of stock above 0, a minimum (when
 * given) from 0 up to the maximum, an emergency order point from 0; the orderable must be ordered
 * under the program (in its latest version); one active approval per facility type, orderable and
 * program (409). Every update writes version N+1 and keeps version N readable; a stale expected
 * version answers 409, and concurrent writes are serialised by locking the approved product's row.
 * Deactivated (a new, inactive version), never deleted.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Page, PageRequest } from '../../http/paging.js';
import { catalogueErrors, fieldError, rethrowUnique } from '../orderables/catalogue-support.js';
import type { Repositories } from '../shared/context.js';
import { FacilityTypeApprovedProduct, FacilityTypeApprovedProductVersion } from './facility-type-approved-product.entity.js';
import type { ApprovedProductInput } from './facility-type-approved-product.schema.js';
import { listViews, versionViews, viewOf, type ApprovedProductFilter, type ApprovedProductView } from './facility-type-approved-product.view.js';

export const approvedProductErrors = catalogueErrors('facilityTypeApprovedProduct');
const errors = approvedProductErrors;

/** What an approved product approves: fixed for its whole life. */
interface Approval {
  facilityTypeId: string;
  orderableId: string;
  programId: string;
}

/** What a version holds. */
interface Settings {
  maxPeriodsOfStock: number;
  minPeriodsOfStock: number | null;
  emergencyOrderPoint: number | null;
  active: boolean;
}

/** The codes an input's references resolved to, for messages. */
interface Codes {
  facilityType: string;
  orderable: string;
  program: string;
}

interface WriteOptions {
  expectedVersion?: number;
  /** For imports: an input that changes nothing writes no new version. */
  onlyIfChanged: boolean;
}

export function approvedProductService(db: Repositories): ApprovedProductService {
  return new ApprovedProductService(db);
}

export class ApprovedProductService {
  constructor(private readonly db: Repositories) {}

  /** Latest versions only. */
  list(filter: ApprovedProductFilter, paging: PageRequest): Promise<Page<ApprovedProductView>> {
    return listViews(this.db, filter, paging);
  }

  /** The latest version. */
  async get(id: string): Promise<ApprovedProductView> {
    const view = await viewOf(this.db, id);
    if (!view) throw this.notFound(id);
    return view;
  }

  async getVersion(id: string, versionNumber: number): Promise<ApprovedProductView> {
    const view = await viewOf(this.db, id, versionNumber);
    if (view) return view;
    if (!(await this.exists(id))) throw this.notFound(id);
    throw errors(404, 'versionNotFound', `Facility type approved product ${id} has no version ${versionNumber}`);
  }

  /** Every version, oldest first unless sorted otherwise. */
  async versions(id: string, paging: PageRequest): Promise<Page<ApprovedProductView>> {
    if (!(await this.exists(id))) throw this.notFound(id);
    return versionViews(this.db, id, paging);
  }

  notFound(id: string) {
    return errors(404, 'notFound', `Facility type approved product ${id} does not exist`);
  }

  async create(input: ApprovedProductInput): Promise<ApprovedProductView> {
    const id = randomUUID();
    await this.db.transaction(async (manager) => {
      const codes = await checkReferences(manager, input);
      const settings = settingsOf(input);
      await manager
        .insert(FacilityTypeApprovedProduct, { id, ...approvalOf(input), versionNumber: 1, active: settings.active })
        .catch((error) => rethrowUnique(error, duplicated(codes)));
      await manager.insert(FacilityTypeApprovedProductVersion, { approvedProductId: id, versionNumber: 1, ...settings });
    });
    return this.get(id);
  }

  /** Writes the next version, when `expectedVersion` (If-Match) is absent or the latest; a stale one answers 409. */
  update(id: string, input: ApprovedProductInput, expectedVersion?: number): Promise<ApprovedProductView> {
    return this.write(id, input, { expectedVersion, onlyIfChanged: false });
  }

  /**
   * Creates, or updates the active approved product of the input's facility type, orderable and
   * program whatever its version (CSV re-import), writing no version when nothing changes.
   */
  async upsertByApproval(input: ApprovedProductInput): Promise<{ approvedProduct: ApprovedProductView; created: boolean }> {
    const existing = await this.db.getRepository(FacilityTypeApprovedProduct).findOneBy({ ...approvalOf(input), active: true });
    if (existing) return { approvedProduct: await this.write(existing.id, input, { onlyIfChanged: true }), created: false };
    return { approvedProduct: await this.create(input), created: true };
  }

  /** Writes an inactive version (none when it is inactive already): the facility type no longer gets the orderable. */
  async deactivate(id: string, expectedVersion?: number): Promise<void> {
    await this.db.transaction(async (manager) => {
      const current = await this.lockCurrent(manager, id, expectedVersion);
      if (!current.active) return;
      const latest = await manager.findOneByOrFail(FacilityTypeApprovedProductVersion, { approvedProductId: id, versionNumber: current.versionNumber });
      await writeVersion(manager, current, { ...settingsOfVersion(latest), active: false });
    });
  }

  private async write(id: string, input: ApprovedProductInput, options: WriteOptions): Promise<ApprovedProductView> {
    await this.db.transaction(async (manager) => {
      const current = await this.lockCurrent(manager, id, options.expectedVersion);
      checkSameApproval(current, input);
      const codes = await checkReferences(manager, input);
      const settings = settingsOf(input);
      if (options.onlyIfChanged) {
        const latest = await manager.findOneByOrFail(FacilityTypeApprovedProductVersion, { approvedProductId: id, versionNumber: current.versionNumber });
        if (sameSettings(settingsOfVersion(latest), settings)) return;
      }
      await writeVersion(manager, current, settings, codes);
    });
    return this.get(id);
  }

  /** The approved product, locked until the transaction ends, at the version the client expects. */
  private async lockCurrent(manager: EntityManager, id: string, expectedVersion?: number): Promise<FacilityTypeApprovedProduct> {
    const current = await manager.findOne(FacilityTypeApprovedProduct, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!current) throw this.notFound(id);
    if (expectedVersion !== undefined && expectedVersion !== current.versionNumber) {
      throw errors(409, 'versionConflict', `Facility type approved product ${id} is at version ${current.versionNumber}, not ${expectedVersion}: someone else changed it; reload it and try again`);
    }
    return current;
  }

  private exists(id: string): Promise<boolean> {
    return this.db.getRepository(FacilityTypeApprovedProduct).existsBy({ id });
  }
}

async function writeVersion(manager: EntityManager, current: FacilityTypeApprovedProduct, settings: Settings, codes?: Codes): Promise<void> {
  const next = current.versionNumber + 1;
  await manager
    .update(FacilityTypeApprovedProduct, { id: current.id }, { versionNumber: next, active: settings.active })
    .catch((error) => rethrowUnique(error, duplicated(codes)));
  await manager.insert(FacilityTypeApprovedProductVersion, { approvedProductId: current.id, versionNumber: next, ...settings });
}

function approvalOf(input: ApprovedProductInput): Approval {
  return { facilityTypeId: input.facilityType.id, orderableId: input.orderable.id, programId: input.program.id };
}

/** The settings of an input; a minimum above the maximum is refused. */
function settingsOf(input: ApprovedProductInput): Settings {
  const settings = {
    maxPeriodsOfStock: input.maxPeriodsOfStock,
    minPeriodsOfStock: input.minPeriodsOfStock ?? null,
    emergencyOrderPoint: input.emergencyOrderPoint ?? null,
    active: input.active ?? true,
  };
  if (settings.minPeriodsOfStock !== null && settings.minPeriodsOfStock > settings.maxPeriodsOfStock) {
    const message = `The minimum periods of stock (${settings.minPeriodsOfStock}) must not be above the maximum (${settings.maxPeriodsOfStock})`;
    throw fieldError(errors, 'minPeriodsOfStock', 'minPeriodsOfStock.aboveMax', message);
  }
  return settings;
}

function settingsOfVersion(version: FacilityTypeApprovedProductVersion): Settings {
  const { maxPeriodsOfStock, minPeriodsOfStock, emergencyOrderPoint, active } = version;
  return { maxPeriodsOfStock, minPeriodsOfStock, emergencyOrderPoint, active };
}

function sameSettings(a: Settings, b: Settings): boolean {
  return a.maxPeriodsOfStock === b.maxPeriodsOfStock && a.minPeriodsOfStock === b.minPeriodsOfStock && a.emergencyOrderPoint === b.emergencyOrderPoint && a.active === b.active;
}

/** An approved product keeps what it approves: changing it would rewrite what old requisitions used. */
function checkSameApproval(current: FacilityTypeApprovedProduct, input: ApprovedProductInput): void {
  const given = approvalOf(input);
  const fields = { facilityType: 'facilityTypeId', orderable: 'orderableId', program: 'programId' } as const;
  for (const [field, column] of Object.entries(fields)) {
    if (given[column] !== current[column]) {
      throw fieldError(errors, field, 'approval.immutable', `An approved product keeps its ${field}; deactivate it and create another approval instead`);
    }
  }
}

interface ReferenceRow {
  facility_type: string | null;
  program: string | null;
  orderable: string | null;
  in_program: boolean;
}

/** The facility type, program and orderable exist, and the orderable's latest version is ordered under the program. */
async function checkReferences(manager: EntityManager, input: ApprovedProductInput): Promise<Codes> {
  const { facilityTypeId, orderableId, programId } = approvalOf(input);
  const [row]: ReferenceRow[] = await manager.query(
    `SELECT (SELECT code FROM facility_types WHERE id = $1) AS facility_type,
            (SELECT code FROM programs WHERE id = $2) AS program,
            (SELECT product_code FROM orderables WHERE id = $3) AS orderable,
            EXISTS (SELECT 1 FROM orderables o JOIN orderable_programs op ON op.orderable_id = o.id AND op.version_number = o.version_number
                     WHERE o.id = $3 AND op.program_id = $2) AS in_program`,
    [facilityTypeId, programId, orderableId],
  );
  if (row.facility_type === null) throw fieldError(errors, 'facilityType', 'facilityType.notFound', `Facility type ${facilityTypeId} does not exist`);
  if (row.program === null) throw fieldError(errors, 'program', 'program.notFound', `Program ${programId} does not exist`);
  if (row.orderable === null) throw fieldError(errors, 'orderable', 'orderable.notFound', `Orderable ${orderableId} does not exist`);
  if (!row.in_program) {
    throw fieldError(errors, 'orderable', 'orderable.notInProgram', `Orderable ${row.orderable} is not ordered under program ${row.program}: add the program to the orderable first`);
  }
  return { facilityType: row.facility_type, orderable: row.orderable, program: row.program };
}

function duplicated(codes?: Codes) {
  const named = codes ? ` (${codes.facilityType}, ${codes.orderable}, ${codes.program})` : '';
  return {
    facility_type_approved_products_active_unique: () =>
      errors(409, 'duplicated', `This facility type already has an active approval of this orderable under this program${named}; update that one instead`),
  };
}
