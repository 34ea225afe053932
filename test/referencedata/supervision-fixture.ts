/**
 * What the supervision hierarchy tests share: the platform on a fresh database, a few mCSD
 * facilities and jurisdictions written straight to /fhir/Location (not through /api/facilities,
 * built elsewhere), two programs and two schedules, and small REST helpers.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';
import { apiCall } from '../helpers/api.js';

export interface Fixture {
  app: TestApp;
  programs: { FP: string; EM: string };
  schedules: { monthly: string; quarterly: string };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export const UNKNOWN_UUID = '7c1d7e1a-0000-4000-8000-000000000000';

/** Facilities by FHIR id: hc01-hc04 and dh01 in the south, wh01 and wh02 warehouses, nhc01 in the north. */
export const FACILITIES = ['hc01', 'hc02', 'hc03', 'hc04', 'dh01', 'wh01', 'wh02'];

export async function startFixture(): Promise<Fixture> {
  const app = await startTestApp();
  const put = async (id: string, body: unknown) => {
    const reply = await fhir(app.url, 'PUT', `/Location/${id}`, body);
    if (reply.status >= 300) throw new Error(`Location/${id}: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  await put('mw', jurisdiction('mw', 'Malawi'));
  await put('south', jurisdiction('south', 'Southern Region', 'mw'));
  await put('north', jurisdiction('north', 'Northern Region', 'mw'));
  for (const id of FACILITIES) await put(id, facility(id, `Facility ${id.toUpperCase()}`, 'south'));
  await put('nhc01', facility('nhc01', 'Northern clinic', 'north'));
  const call = (method: string, path: string, body?: unknown) => request(app, method, path, body);
  const programs = { FP: (await created(call, '/programs', { code: 'FP', name: 'Family Planning' })).id, EM: (await created(call, '/programs', { code: 'EM', name: 'Essential Meds' })).id };
  const schedules = {
    monthly: (await created(call, '/processingSchedules', { code: 'SCH001', name: 'Monthly' })).id,
    quarterly: (await created(call, '/processingSchedules', { code: 'SCH002', name: 'Quarterly' })).id,
  };
  return { app, programs, schedules };
}

export function request(app: TestApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return apiCall(app.url, method, path, body, headers);
}

type Call = (method: string, path: string, body?: unknown) => Promise<Reply>;

/** POSTs and insists on 201: for setup steps that are not what the test is about. */
export async function created(call: Call, path: string, body: unknown): Promise<any> {
  const reply = await call('POST', path, body);
  if (reply.status !== 201) throw new Error(`POST ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}
