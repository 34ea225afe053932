/**
 * The classifications a facility or zone names (facility types, operators, geographic levels,
 * programs), loaded once per request or import: the tables are small, and a page of facilities
 * then maps its Locations' codes back to ids without a query per row.
 */
import { ApiError } from '../../http/errors.js';
import { FacilityOperator } from '../facility-operators/facility-operator.entity.js';
import { FacilityType } from '../facility-types/facility-type.entity.js';
import { GeographicLevel } from '../geographic-levels/geographic-level.entity.js';
import { Program } from '../programs/program.entity.js';
import type { Repositories } from '../shared/context.js';

/** How a request names another entity: by id (OpenLMIS's `{ "id": ... }`) or by code. */
export interface EntityRef {
  id?: string;
  code?: string;
}

interface Coded {
  id: string;
  code: string;
}

export class CodedTable<T extends Coded> {
  private readonly byId: Map<string, T>;
  private readonly byCode: Map<string, T>;

  constructor(
    rows: T[],
    private readonly label: string,
    private readonly messageKey: string,
  ) {
    this.byId = new Map(rows.map((row) => [row.id, row]));
    this.byCode = new Map(rows.map((row) => [row.code, row]));
  }

  all(): IterableIterator<T> {
    return this.byId.values();
  }

  withCode(code: string | undefined): T | undefined {
    return code === undefined ? undefined : this.byCode.get(code);
  }

  withId(id: string | undefined): T | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** The entity a reference names; an unknown one answers 400 naming the field and the value. */
  resolve(ref: EntityRef, field: string): T {
    const found = ref.id !== undefined ? this.byId.get(ref.id) : this.withCode(ref.code);
    if (!found) {
      const named = ref.id !== undefined ? `id ${ref.id}` : `code "${ref.code}"`;
      throw new ApiError(400, this.messageKey, `${field}: there is no ${this.label} with ${named}`, { fieldErrors: { [field]: `unknown ${this.label}` } });
    }
    return found;
  }
}

export interface Classifications {
  facilityTypes: CodedTable<FacilityType>;
  operators: CodedTable<FacilityOperator>;
  levels: CodedTable<GeographicLevel>;
  programs: CodedTable<Program>;
}

export async function loadClassifications(db: Repositories): Promise<Classifications> {
  const types = await db.getRepository(FacilityType).find();
  const operators = await db.getRepository(FacilityOperator).find();
  const levels = await db.getRepository(GeographicLevel).find();
  const programs = await db.getRepository(Program).find();
  return {
    facilityTypes: new CodedTable(types, 'facility type', 'referenceData.error.facilityType.notFound'),
    operators: new CodedTable(operators, 'facility operator', 'referenceData.error.facilityOperator.notFound'),
    levels: new CodedTable(levels, 'geographic level', 'referenceData.error.geographicLevel.notFound'),
    programs: new CodedTable(programs, 'program', 'referenceData.error.program.notFound'),
  };
}
