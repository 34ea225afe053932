/**
 * A stored audit event as a FHIR R4 AuditEvent: logins and token requests are DICOM "User
 * Authentication" / "Login" events, changes are RESTful operations with the interaction their
 * method stands for. Lastmile's own action name is kept as a second subtype coding, so clients can
 * filter on what the list endpoint filters on. R4 has no place for the user agent, request id or
 * status: they are entity details.
 */
import type { AuditEvent as FhirAuditEvent, AuditEventAgent, AuditEventEntity, Coding } from '@medplum/fhirtypes';

/** A row of audit_events, as the list query selects it. */
export interface AuditRow {
  id: string;
  recorded: Date;
  action: string;
  outcome: 'success' | 'failure';
  reason: string | null;
  user_id: string | null;
  username: string | null;
  client_id: string | null;
  ip: string | null;
  user_agent: string | null;
  method: string | null;
  path: string | null;
  resource_type: string | null;
  resource_id: string | null;
  status: number | null;
  request_id: string | null;
}

const BASE = 'https://lastmile.health/fhir';
export const AUDIT_ACTION_SYSTEM = `${BASE}/CodeSystem/audit-action`;
const USER_ID_SYSTEM = `${BASE}/sid/user-id`;
const CLIENT_ID_SYSTEM = `${BASE}/sid/oauth-client-id`;
const DICOM = 'http://dicom.nema.org/resources/ontology/DCM';

const AUTHENTICATION: Coding = { system: DICOM, code: '110114', display: 'User Authentication' };
const LOGIN: Coding = { system: DICOM, code: '110122', display: 'Login' };
const REST: Coding = { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'Restful Operation' };
const INTERACTIONS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
const ACTION_CODES: Record<string, 'C' | 'U' | 'D'> = { POST: 'C', PUT: 'U', PATCH: 'U', DELETE: 'D' };

export function asFhirAuditEvent(row: AuditRow): FhirAuditEvent {
  const change = row.action === 'api.change' || row.action === 'fhir.change';
  const method = row.method ?? '';
  const interaction = INTERACTIONS[method];
  const ours: Coding = { system: AUDIT_ACTION_SYSTEM, code: row.action };
  return {
    resourceType: 'AuditEvent',
    id: String(row.id),
    type: change ? REST : AUTHENTICATION,
    subtype: change ? [...(interaction ? [{ system: 'http://hl7.org/fhir/restful-interaction', code: interaction }] : []), ours] : [LOGIN, ours],
    action: change ? (ACTION_CODES[method] ?? 'E') : 'E',
    recorded: row.recorded.toISOString(),
    outcome: row.outcome === 'success' ? '0' : (row.status ?? 0) >= 500 ? '8' : '4',
    ...(row.outcome === 'failure' ? { outcomeDesc: row.reason ?? (row.status ? `HTTP ${row.status}` : 'failed') } : {}),
    agent: [agentOf(row)],
    source: { observer: { display: 'Lastmile' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '3', display: 'Web Server' }] },
    entity: [entityOf(row)],
  };
}

/** The user, the machine client, or (a failed login) only the username someone typed. */
function agentOf(row: AuditRow): AuditEventAgent {
  const who = row.user_id
    ? { identifier: { system: USER_ID_SYSTEM, value: row.user_id }, display: row.username ?? undefined }
    : row.client_id
      ? { identifier: { system: CLIENT_ID_SYSTEM, value: row.client_id }, display: row.client_id }
      : undefined;
  return {
    ...(who ? { who } : {}),
    ...(row.username ? { altId: row.username, name: row.username } : {}),
    requestor: true,
    ...(row.ip ? { network: { address: row.ip, type: '2' as const } } : {}),
  };
}

/** What was touched: a FHIR reference for /fhir writes, the collection and id for /api, and the request's details. */
function entityOf(row: AuditRow): AuditEventEntity {
  const what = row.resource_type && row.resource_id
    ? row.action === 'fhir.change' ? { reference: `${row.resource_type}/${row.resource_id}` } : { display: `${row.resource_type}/${row.resource_id}` }
    : row.resource_type ? { display: row.resource_type } : undefined;
  const details = { requestId: row.request_id, status: row.status === null ? null : String(row.status), userAgent: row.user_agent };
  return {
    ...(what ? { what } : {}),
    ...(row.method || row.path ? { description: [row.method, row.path].filter(Boolean).join(' ') } : {}),
    detail: Object.entries(details).filter(([, value]) => value !== null).map(([type, value]) => ({ type, valueString: value as string })),
  };
}
