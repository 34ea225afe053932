/**
 * GET /api/auditEvents: the audit trail, newest first, as FHIR AuditEvents in OpenLMIS's Page
 * envelope. Filters: action, userId, username, clientId, from and to (ISO date-times, inclusive).
 * Paged with page/size (20 by default: the trail only grows). The gate requires
 * SYSTEM_SETTINGS_MANAGE (resource-rights.ts); nothing here changes an event, so other methods
 * answer 405.
 */
import express, { type Request, type Router } from 'express';
import type { DataSource } from 'typeorm';
import { ApiError } from '../../http/errors.js';
import { pageRequest, toPage } from '../../http/paging.js';
import { queryText, queryUuid } from '../request-params.js';
import { AUDIT_ACTIONS } from './audit-event.js';
import { asFhirAuditEvent, type AuditRow } from './as-fhir.js';

const PATH = '/auditEvents';
const DEFAULT_SIZE = 20;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Each filter is one parameter that is null when not given, so the SQL stays fixed. */
const WHERE = `
  ($1::text IS NULL OR action = $1)
  AND ($2::uuid IS NULL OR user_id = $2)
  AND ($3::text IS NULL OR username = $3)
  AND ($4::text IS NULL OR client_id = $4)
  AND ($5::timestamptz IS NULL OR recorded >= $5)
  AND ($6::timestamptz IS NULL OR recorded <= $6)`;

export function auditRoutes(dataSource: DataSource): Router {
  const router = express.Router();
  router.get(PATH, async (req, res) => {
    const filters = filtersOf(req);
    const paging = pageRequest(req, { recorded: 'recorded' }, 'recorded,desc');
    const request = req.query.size === undefined ? { ...paging, size: DEFAULT_SIZE } : paging;
    const direction = request.sort[0]?.direction === 'ASC' ? 'ASC' : 'DESC';
    const [{ total }] = await dataSource.query(`SELECT count(*)::int AS total FROM audit_events WHERE ${WHERE}`, filters);
    const rows: AuditRow[] = await dataSource.query(
      `SELECT * FROM audit_events WHERE ${WHERE} ORDER BY recorded ${direction}, id ${direction} LIMIT $7 OFFSET $8`,
      [...filters, request.size, request.page * request.size],
    );
    res.json(toPage(rows.map(asFhirAuditEvent), total, request));
  });
  router.all(PATH, (req, res) => {
    res.setHeader('Allow', 'GET, HEAD');
    throw new ApiError(405, 'auth.error.auditReadOnly', `Audit events are recorded by Lastmile and never changed: ${req.method} is not allowed`);
  });
  return router;
}

function filtersOf(req: Request): Array<string | null> {
  const action = queryText(req, 'action', (text) => (AUDIT_ACTIONS as readonly string[]).includes(text));
  const time = (text: string) => ISO_TIME.test(text) && !Number.isNaN(Date.parse(text));
  return [action, queryUuid(req, 'userId'), queryText(req, 'username'), queryText(req, 'clientId'), queryText(req, 'from', time), queryText(req, 'to', time)].map((value) => value ?? null);
}
