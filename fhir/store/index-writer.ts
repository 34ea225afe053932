/** Rewrites a resource's rows in the search index tables (same transaction as the resource). */
import type { IndexRows } from '../search/index-values.js';
import type { Queryable } from './session.js';

const INDEX_TABLES = ['fhir_token', 'fhir_string', 'fhir_reference', 'fhir_date', 'fhir_number', 'fhir_position'];

export async function deleteIndexRows(db: Queryable, resourceType: string, id: string): Promise<void> {
  // One round trip for all tables: a data-modifying CTE per table.
  const ctes = INDEX_TABLES.map((table, i) => `d${i} AS (DELETE FROM ${table} WHERE resource_type = $1 AND id = $2)`);
  await db.query(`WITH ${ctes.join(', ')} SELECT 1`, [resourceType, id]);
}

export async function insertIndexRows(db: Queryable, resourceType: string, id: string, rows: IndexRows): Promise<void> {
  const column = <T>(list: T[][], i: number) => list.map((row) => row[i]);
  const statements: string[] = [];
  const params: unknown[] = [resourceType, id];
  const add = (sql: (first: number) => string, ...values: unknown[]) => {
    statements.push(sql(params.length + 1));
    params.push(...values);
  };
  const { tokens, strings, references, dates, numbers, position } = rows;
  if (tokens.length) add((p) => `INSERT INTO fhir_token SELECT $1, $2, * FROM unnest($${p}::text[], $${p + 1}::text[], $${p + 2}::text[])`, column(tokens, 0), column(tokens, 1), column(tokens, 2));
  if (strings.length) add((p) => `INSERT INTO fhir_string SELECT $1, $2, * FROM unnest($${p}::text[], $${p + 1}::text[], $${p + 2}::text[])`, column(strings, 0), column(strings, 1), column(strings, 2));
  if (references.length) add((p) => `INSERT INTO fhir_reference SELECT $1, $2, * FROM unnest($${p}::text[], $${p + 1}::text[], $${p + 2}::text[])`, column(references, 0), column(references, 1), column(references, 2));
  if (dates.length) add((p) => `INSERT INTO fhir_date SELECT $1, $2, * FROM unnest($${p}::text[], $${p + 1}::timestamptz[], $${p + 2}::timestamptz[])`, column(dates, 0), column(dates, 1), column(dates, 2));
  if (numbers.length) add((p) => `INSERT INTO fhir_number SELECT $1, $2, * FROM unnest($${p}::text[], $${p + 1}::numeric[], $${p + 2}::text[], $${p + 3}::text[])`, column(numbers, 0), column(numbers, 1), column(numbers, 2), column(numbers, 3));
  if (position) add((p) => `INSERT INTO fhir_position VALUES ($1, $2, $${p}, $${p + 1})`, position.latitude, position.longitude);
  if (statements.length === 0) return;
  const ctes = statements.map((sql, i) => `i${i} AS (${sql})`);
  await db.query(`WITH ${ctes.join(', ')} SELECT 1`, params);
}
