/**
 * SQL for criteria. Each criterion is one condition on the fhir_resource row `r`: an EXISTS
 * against the index table of its parameter kind (which PostgreSQL plans as a semi-join), or a
 * condition on r's own columns for `_id` and `_lastUpdated`. Every value is a bound parameter.
 */
import { HIERARCHY_PARAM } from './criteria.js';
import { nearSql } from './geo.js';
import type { Criterion, DateValue, IndexTable, NumberValue, ReferenceValue, TokenValue } from './request.js';
import { escapeLike, or, type SqlParams } from './sql.js';
import { normaliseString } from './strings.js';

/** Deep enough for any administrative or supply hierarchy; bounds a (forbidden) cycle. */
export const MAX_HIERARCHY_DEPTH = 64;

export function criterionSql(criterion: Criterion, p: SqlParams): string {
  switch (criterion.kind) {
    case 'id': {
      const condition = `r.id = ANY(${p.add(criterion.ids)}::text[])`;
      return criterion.not ? `NOT ${condition}` : condition;
    }
    case 'lastUpdated':
      return or(criterion.values.map((value) => dateSql('r.last_updated', 'r.last_updated', value, p, true)));
    case 'token': {
      const condition = exists('fhir_token', criterion.code, p, tokenSql(criterion.values, p));
      return criterion.not ? `NOT ${condition}` : condition;
    }
    case 'uri':
      return exists('fhir_token', criterion.code, p, `x.code = ANY(${p.add(criterion.values)}::text[]) AND x.system IS NULL`);
    case 'string':
      return exists('fhir_string', criterion.code, p, stringSql(criterion.match, criterion.values, p));
    case 'reference':
      return exists('fhir_reference', criterion.code, p, or(criterion.values.map((value) => referenceSql(value, p))));
    case 'hierarchy':
      return hierarchySql(criterion, p);
    case 'date':
      return exists('fhir_date', criterion.code, p, or(criterion.values.map((value) => dateSql("coalesce(x.low, '-infinity')", "coalesce(x.high, 'infinity')", value, p, false))));
    case 'number':
      return exists('fhir_number', criterion.code, p, or(criterion.values.map((value) => numberSql(value, p))));
    case 'missing': {
      const condition = exists(criterion.table, criterion.code, p, 'true');
      return criterion.missing ? `NOT ${condition}` : condition;
    }
    case 'near':
      return positionExists(nearSql(criterion, p));
  }
}

function exists(table: IndexTable, code: string, p: SqlParams, condition: string): string {
  return `EXISTS (SELECT 1 FROM ${table} x WHERE x.resource_type = r.resource_type AND x.id = r.id AND x.param = ${p.add(code)} AND ${condition})`;
}

function positionExists(condition: string): string {
  return `EXISTS (SELECT 1 FROM fhir_position x WHERE x.resource_type = r.resource_type AND x.id = r.id AND ${condition})`;
}

/** Plain codes (the common case) become one `= ANY`; `system|code` forms are ORed beside it. */
function tokenSql(values: TokenValue[], p: SqlParams): string {
  const plain = values.filter((value) => value.system === undefined).map((value) => value.code as string);
  const conditions = plain.length > 0 ? [`x.code = ANY(${p.add(plain)}::text[])`] : [];
  for (const { system, code } of values) {
    if (system === null) conditions.push(`(x.system IS NULL AND x.code = ${p.add(code)})`);
    else if (system !== undefined && code === undefined) conditions.push(`x.system = ${p.add(system)}`);
    else if (system !== undefined) conditions.push(`(x.system = ${p.add(system)} AND x.code = ${p.add(code)})`);
  }
  return or(conditions);
}

/** Default: starts with, ignoring case and accents; :contains uses the trigram index; :exact is exact. */
function stringSql(match: 'prefix' | 'contains' | 'exact', values: string[], p: SqlParams): string {
  if (match === 'exact') return `x.value = ANY(${p.add(values)}::text[])`;
  const lead = match === 'contains' ? '%' : '';
  return or(values.map((value) => `x.norm LIKE ${p.add(`${lead}${escapeLike(normaliseString(value))}%`)}`));
}

function referenceSql(value: ReferenceValue, p: SqlParams): string {
  const local = value.id === '' ? undefined : value.type ? `(x.target_type = ${p.add(value.type)} AND x.target_id = ${p.add(value.id)})` : `x.target_id = ${p.add(value.id)}`;
  if (value.url === undefined) return local as string;
  const absolute = `(x.target_type = '' AND x.target_id = ${p.add(value.url)})`;
  return local && value.type ? `(${absolute} OR ${local})` : absolute;
}

/**
 * The tree is collected once into an array (an init plan): joined instead, its poor row estimate
 * leads PostgreSQL to walk the whole primary key in id order hoping to stop early. And
 * `partof:below=X` on the hierarchy's own type is just X's descendants: no reference join.
 */
function hierarchySql(criterion: Extract<Criterion, { kind: 'hierarchy' }>, p: SqlParams): string {
  const { direction, targetType, ids } = criterion;
  if (criterion.self && direction === 'below') return `r.id = ANY(ARRAY(SELECT id FROM (${treeSql(direction, targetType, ids, p)}) tree WHERE depth > 0))`;
  const condition = `x.target_type = ${p.add(targetType)} AND x.target_id = ANY(ARRAY(SELECT id FROM (${treeSql(direction, targetType, ids, p)}) tree))`;
  return exists('fhir_reference', criterion.code, p, condition);
}

/**
 * The ids and everything below (above) them in the type's partOf tree, with their depth (0 for
 * the ids themselves). Locations below a node come from the location directory's materialised
 * paths (one GIN lookup, however large the subtree); other trees are walked over the reference
 * index, each step a LATERAL key probe (OFFSET 0 keeps PostgreSQL from turning it back into a
 * join that, with stale statistics, scans every partof row per step).
 */
function treeSql(direction: 'below' | 'above', type: string, ids: string[], p: SqlParams): string {
  if (type === 'Location' && direction === 'below') {
    const idsParam = p.add(ids);
    return `SELECT id, CASE WHEN id = ANY(${idsParam}::text[]) THEN 0 ELSE 1 END AS depth
              FROM fhir_location_directory WHERE path && ${idsParam}::text[]
            UNION SELECT unnest(${idsParam}::text[]), 0`;
  }
  const typeParam = p.add(type);
  const param = p.add(HIERARCHY_PARAM);
  const probe = direction === 'below'
    ? `SELECT h.id AS next FROM fhir_reference h WHERE h.resource_type = ${typeParam} AND h.param = ${param} AND h.target_type = ${typeParam} AND h.target_id = t.id OFFSET 0`
    : `SELECT h.target_id AS next FROM fhir_reference h WHERE h.resource_type = ${typeParam} AND h.id = t.id AND h.param = ${param} AND h.target_type = ${typeParam} OFFSET 0`;
  return `WITH RECURSIVE tree(id, depth) AS (
        SELECT unnest(${p.add(ids)}::text[]), 0
        UNION ALL
        SELECT step.next, t.depth + 1 FROM tree t CROSS JOIN LATERAL (${probe}) step
         WHERE t.depth < ${p.add(MAX_HIERARCHY_DEPTH)})
      SELECT id, depth FROM tree`;
}

/**
 * Range comparisons per search.html#prefix: the resource's range [lo, hi] against the value's
 * [low, high] (both inclusive, millisecond precision). A point (lastUpdated) gets the simple
 * forms, which the (resource_type, last_updated) index can serve.
 */
function dateSql(lo: string, hi: string, value: DateValue, p: SqlParams, point: boolean): string {
  const low = () => `${p.add(value.low)}::timestamptz`;
  const high = () => `${p.add(value.high)}::timestamptz`;
  const within = () => `(${lo} >= ${low()} AND ${hi} <= ${high()})`;
  switch (value.prefix) {
    case 'eq':
      return within();
    case 'ne':
      return `NOT ${within()}`;
    case 'gt':
    case 'sa':
      return value.prefix === 'sa' || point ? `${lo} > ${high()}` : `${hi} > ${high()}`;
    case 'lt':
    case 'eb':
      return value.prefix === 'eb' || point ? `${hi} < ${low()}` : `${lo} < ${low()}`;
    case 'ge':
      return point ? `${lo} >= ${low()}` : `(${hi} > ${high()} OR ${within()})`;
    case 'le':
      return point ? `${hi} <= ${high()}` : `(${lo} < ${low()} OR ${within()})`;
    case 'ap': {
      const [from, to] = approximately(value);
      return `(${lo} <= ${p.add(to)}::timestamptz AND ${hi} >= ${p.add(from)}::timestamptz)`;
    }
  }
}

/** `ap`: the value's range widened by 10% of its distance from now (at least a day). */
function approximately(value: DateValue): [string, string] {
  const low = Date.parse(value.low);
  const high = Date.parse(value.high);
  const margin = Math.max(0.1 * Math.abs(Date.now() - (low + high) / 2), 86_400_000);
  return [new Date(low - margin).toISOString(), new Date(high + margin).toISOString()];
}

function numberSql(value: NumberValue, p: SqlParams): string {
  const v = () => `${p.add(String(value.value))}::numeric`;
  let condition: string;
  switch (value.prefix) {
    case 'eq':
    case 'ne': {
      const half = p.add(String(value.halfUnit));
      const range = `(x.value >= ${v()} - ${half}::numeric AND x.value < ${v()} + ${half}::numeric)`;
      condition = value.prefix === 'eq' ? range : `NOT ${range}`;
      break;
    }
    case 'ap': {
      const margin = p.add(String(Math.abs(value.value) * 0.1 || value.halfUnit));
      condition = `x.value BETWEEN ${v()} - ${margin}::numeric AND ${v()} + ${margin}::numeric`;
      break;
    }
    default:
      condition = `x.value ${COMPARATORS[value.prefix]} ${v()}`;
  }
  if (value.code !== undefined) condition += ` AND x.code = ${p.add(value.code)}`;
  if (value.system !== undefined) condition += ` AND x.system = ${p.add(value.system)}`;
  return `(${condition})`;
}

const COMPARATORS: Record<string, string> = { gt: '>', sa: '>', ge: '>=', lt: '<', eb: '<', le: '<=' };
