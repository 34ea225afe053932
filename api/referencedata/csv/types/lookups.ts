/**
 * What the supervision and stock configuration CSV types share: finding what a cell names (a
 * small table by code or name, a facility by code), reporting a write's refusal in the column it
 * concerns, and skipping writes that would change nothing (so a re-import leaves versions alone).
 */
import { ApiError } from '../../../http/errors.js';
import type { ReferenceDataContext } from '../../shared/context.js';

interface Named {
  id: string;
  code: string;
  name: string;
}

/**
 * The guide's examples sometimes name a record by its code and name together
 * ("D001 - Depósito Distrital Cuamba", "SN-NIASSA-PROV/Niassa province approval point"):
 * the part before the separator, when there is one.
 */
function leadingCode(text: string): string | undefined {
  const match = /^(.+?)\s*(?:\/|\s-\s)\s*\S/.exec(text);
  return match?.[1];
}

/** A small table (programs, schedules, nodes, ...) looked up by what a cell says: its code, or its exact name when that is unique. */
export class NamedTable<T extends Named> {
  private readonly byCode: Map<string, T>;
  private readonly byName = new Map<string, T | null>();
  private readonly byId: Map<string, T>;

  constructor(rows: T[]) {
    this.byCode = new Map(rows.map((row) => [row.code, row]));
    this.byId = new Map(rows.map((row) => [row.id, row]));
    // A name two rows share names neither.
    for (const row of rows) this.byName.set(row.name, this.byName.has(row.name) ? null : row);
  }

  find(text: string): T | undefined {
    const code = leadingCode(text);
    return this.byCode.get(text) ?? this.byName.get(text) ?? (code === undefined ? undefined : this.byCode.get(code));
  }

  withId(id: string | null | undefined): T | undefined {
    return id ? this.byId.get(id) : undefined;
  }

  codeOf(id: string | null | undefined): string | undefined {
    return this.withId(id)?.code;
  }
}

/** A 400 whose message the import report puts in the column of `field`. */
export function cellError(entityKey: string, problem: string, field: string, message: string): ApiError {
  return new ApiError(400, `referenceData.error.${entityKey}.${problem}`, message, { fieldErrors: { [field]: message } });
}

/**
 * A service refusal that names no field, given the field its problem concerns (by the last part
 * of its message key: `cycle` → `parentNodeId`), so the report shows it in that column.
 */
export function inColumn(fieldOfProblem: Record<string, string>) {
  return (error: unknown): never => {
    if (!(error instanceof ApiError) || error.status >= 500) throw error;
    const details = (error.details ?? {}) as Record<string, unknown>;
    const problem = Object.keys(fieldOfProblem).find((p) => error.messageKey.endsWith(`.${p}`));
    if (details.fieldErrors || !problem) throw error;
    throw new ApiError(error.status, error.messageKey, error.message, { ...details, fieldErrors: { [fieldOfProblem[problem]]: error.message } });
  };
}

/**
 * Facilities by code, through the FHIR location directory (facilities are Locations). Answers
 * are remembered for the import: a members file names the same facilities again and again.
 */
export class FacilityCodes {
  private readonly ids = new Map<string, Promise<string>>();

  constructor(private readonly context: ReferenceDataContext) {}

  /** The facility's id; a 400 in the column of `field` when no facility has the code. */
  idOf(code: string, entityKey: string, field: string): Promise<string> {
    let found = this.ids.get(code);
    if (!found) {
      found = this.lookUp(code, entityKey, field);
      this.ids.set(code, found);
    }
    return found;
  }

  private async lookUp(text: string, entityKey: string, field: string): Promise<string> {
    const locations = this.context.fhir.locations;
    const code = leadingCode(text);
    const found = (await locations.idOfCode(text)) ?? (code === undefined ? undefined : await locations.idOfCode(code));
    if (found?.kind === 'facility') return found.id;
    const problem = found ? `"${text}" is a ${found.kind}, not a facility` : `there is no facility with code "${text}"`;
    throw cellError(entityKey, 'facilityUnknown', field, problem);
  }
}

/** Facility codes by id, for exports; a facility without a code is written by its id. */
export class FacilityIds {
  private readonly codes = new Map<string, Promise<string>>();

  constructor(private readonly context: ReferenceDataContext) {}

  codeOf(id: string | null | undefined): Promise<string | undefined> {
    if (!id) return Promise.resolve(undefined);
    let found = this.codes.get(id);
    if (!found) {
      found = this.context.directory.get(id).then((location) => location?.code ?? id);
      this.codes.set(id, found);
    }
    return found;
  }
}

/** Whether writing `input` over `current` would change none of `fields` (blank and null are the same). */
export function unchanged<I extends object>(current: object, input: I, fields: Array<keyof I & string>): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return fields.every((field) => same((current as Record<string, unknown>)[field], input[field]));
}

/** Drops undefined members, so the ajv schema's defaults apply to blank cells. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Records ordered parents first (by `parentOf`), so a file lists every parent before its children. */
export function parentsFirst<T extends { id: string }>(records: T[], parentOf: (record: T) => string | null | undefined): T[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const depths = new Map<string, number>();
  const depth = (record: T, seen: number): number => {
    const known = depths.get(record.id);
    if (known !== undefined) return known;
    const parent = byId.get(parentOf(record) ?? '');
    const found = parent && seen < 10_000 ? 1 + depth(parent, seen + 1) : 0;
    depths.set(record.id, found);
    return found;
  };
  return [...records].sort((a, b) => depth(a, 0) - depth(b, 0));
}
