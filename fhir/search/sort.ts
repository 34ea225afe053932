/**
 * Sorting and keyset paging. Results are ordered by (sort value, id); a page continues strictly
 * after the (value, id) where the previous one ended. Unlike an offset, that position does not
 * shift when other resources are written between pages, so a resource that stays unchanged while
 * a client pages is returned exactly once.
 */
import type { SearchCursor, SortRule } from './request.js';
import type { SqlParams } from './sql.js';

export interface SortSql {
  /** The sort value of row r as text (it goes into the next cursor). */
  value: string;
  /** A join providing the value, if it does not come from r itself. */
  join: string;
  order: string;
  /** The condition "after the cursor" in this order. */
  after(cursor: SearchCursor, p: SqlParams): string;
}

export function sortKey(sort: SortRule): string {
  return `${sort.descending ? '-' : ''}${sort.key}`;
}

export function sortSql(sort: SortRule, p: SqlParams): SortSql {
  const dir = sort.descending ? 'DESC' : 'ASC';
  const cmp = sort.descending ? '<' : '>';
  if (sort.key === '_id') {
    return { value: 'NULL::text', join: '', order: `r.id ${dir}`, after: (c, q) => `r.id ${cmp} ${q.add(c.id)}` };
  }
  if (sort.key === '_lastUpdated') {
    return {
      // Microseconds (PostgreSQL's precision), so the text round-trips exactly into the next cursor.
      value: `to_char(r.last_updated AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      join: '',
      order: `r.last_updated ${dir}, r.id ${dir}`,
      after: (c, q) => `(r.last_updated, r.id) ${cmp} (${q.add(c.value)}::timestamptz, ${q.add(c.id)})`,
    };
  }
  // A string parameter: its lowest normalised value, compared bytewise ("C") so the order and
  // the keyset comparison agree whatever the database collation. Resources without one come last.
  const join = `LEFT JOIN LATERAL (SELECT min(s.norm COLLATE "C") AS v FROM fhir_string s
                 WHERE s.resource_type = r.resource_type AND s.id = r.id AND s.param = ${p.add(sort.key)}) sv ON true`;
  return {
    value: 'sv.v',
    join,
    order: `sv.v COLLATE "C" ${dir} NULLS LAST, r.id ${dir}`,
    after: (c, q) => {
      const id = q.add(c.id);
      if (c.value === null) return `(sv.v IS NULL AND r.id ${cmp} ${id})`;
      const value = q.add(c.value);
      return `(sv.v IS NULL OR sv.v COLLATE "C" ${cmp} ${value} OR (sv.v COLLATE "C" = ${value} AND r.id ${cmp} ${id}))`;
    },
  };
}
