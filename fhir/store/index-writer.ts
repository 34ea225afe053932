/**
 * Rewrites the search index rows of written resources (same transaction as the resources): one
 * statement removes the old rows of every table, one inserts the new rows of every table, for
 * any number of resources at once.
 */
import type { IndexRows } from '../search/index-values.js';
import type { Queryable } from './session.js';

const INDEX_TABLES = ['fhir_token', 'fhir_string', 'fhir_reference', 'fhir_date', 'fhir_number', 'fhir_position'];

export interface IndexedResource {
  resourceType: string;
  id: string;
  rows: IndexRows;
}

export async function deleteIndexRows(db: Queryable, keys: Array<[resourceType: string, id: string]>): Promise<void> {
  if (keys.length === 0) return;
  const ctes = INDEX_TABLES.map(
    (table, i) => `d${i} AS (DELETE FROM ${table} t USING unnest($1::text[], $2::text[]) AS k(resource_type, id) WHERE t.resource_type = k.resource_type AND t.id = k.id)`,
  );
  await db.query(`WITH ${ctes.join(', ')} SELECT 1`, [keys.map((k) => k[0]), keys.map((k) => k[1])]);
}

type Row = unknown[];

/** Columns of one index table, each row prefixed with its resource's type and id. */
function collect(resources: IndexedResource[], pick: (rows: IndexRows) => Row[]): Row[] {
  return resources.flatMap(({ resourceType, id, rows }) => pick(rows).map((row) => [resourceType, id, ...row]));
}

/** `INSERT` statements (for CTEs) adding every resource's index rows, their values pushed onto `params`. */
export function indexInserts(resources: IndexedResource[], params: unknown[]): string[] {
  const tables: Array<[string, string[], Row[]]> = [
    ['fhir_token', ['text', 'text', 'text'], collect(resources, (r) => r.tokens)],
    ['fhir_string', ['text', 'text', 'text'], collect(resources, (r) => r.strings)],
    ['fhir_reference', ['text', 'text', 'text'], collect(resources, (r) => r.references)],
    ['fhir_date', ['text', 'timestamptz', 'timestamptz'], collect(resources, (r) => r.dates)],
    ['fhir_number', ['text', 'numeric', 'text', 'text'], collect(resources, (r) => r.numbers)],
    ['fhir_position', ['double precision', 'double precision'], collect(resources, (r) => (r.position ? [[r.position.latitude, r.position.longitude]] : []))],
  ];
  const inserts: string[] = [];
  for (const [table, types, rows] of tables) {
    if (rows.length === 0) continue;
    const columns = ['text', 'text', ...types].map((type, i) => {
      params.push(rows.map((row) => row[i]));
      return `$${params.length}::${type}[]`;
    });
    inserts.push(`INSERT INTO ${table} SELECT * FROM unnest(${columns.join(', ')})`);
  }
  return inserts;
}
