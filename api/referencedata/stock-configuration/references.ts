/**
 * Checking the ids a stock configuration write refers to before writing, so that an unknown
 * program, facility type or reason answers 400 naming every unknown id at once, rather than a
 * foreign key error naming the first.
 */
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import type { Repositories } from '../shared/context.js';

export interface Reference {
  /** The body field that holds the id, e.g. `programId`. */
  field: string;
  /** What the id names, for the message: "Program". */
  label: string;
  entity: EntityTarget<ObjectLiteral>;
  id: string | null | undefined;
}

/** The references whose id names no row, as field → readable problem. */
export async function unknownReferences(db: Repositories, references: Reference[]): Promise<Record<string, string>> {
  const unknown: Record<string, string> = {};
  // One after the other: inside an import's transaction they share one connection.
  for (const { field, label, entity, id } of references) {
    if (id && !(await db.getRepository(entity).existsBy({ id }))) unknown[field] = `${label} ${id} does not exist`;
  }
  return unknown;
}

/** 400 `referenceData.error.<key>.reference.unknown`, listing every unknown id in the message and details. */
export function unknownReferencesError(key: string, unknown: Record<string, string>): ApiError {
  return new ApiError(400, `referenceData.error.${key}.reference.unknown`, `Unknown references: ${Object.values(unknown).join('; ')}`, { unknown });
}
