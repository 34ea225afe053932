/**
 * Records audit events. Recording never fails a request: the event is already history (a login
 * happened, a change was answered), so a database problem is logged loudly instead of thrown.
 */
import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger.js';
import type { AuditEvent } from './audit-event.js';

export type AuditRecorder = (event: AuditEvent) => Promise<void>;

/** Longest text kept per field: a caller controls the user agent, path and attempted username. */
const MAX_TEXT = 1024;

const COLUMNS = ['action', 'outcome', 'reason', 'user_id', 'username', 'client_id', 'ip', 'user_agent', 'method', 'path', 'resource_type', 'resource_id', 'status', 'request_id'];
const INSERT = `INSERT INTO audit_events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

export function auditRecorder(dataSource: DataSource, logger: Logger): AuditRecorder {
  return async (event) => {
    try {
      await dataSource.query(INSERT, valuesOf(event));
    } catch (error) {
      logger.error({ err: error, audit: { action: event.action, outcome: event.outcome, requestId: event.requestId } }, 'audit event not recorded');
    }
  };
}

function valuesOf(event: AuditEvent): unknown[] {
  return [
    event.action,
    event.outcome,
    short(event.reason),
    event.userId ?? null,
    short(event.username),
    short(event.clientId),
    short(event.ip),
    short(event.userAgent),
    short(event.method),
    short(event.path),
    short(event.resourceType),
    short(event.resourceId),
    event.status ?? null,
    short(event.requestId),
  ];
}

function short(text: string | undefined): string | null {
  return text === undefined ? null : text.slice(0, MAX_TEXT);
}
