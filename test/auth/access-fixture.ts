/**
 * What the users, roles and permissions tests share: the platform on a fresh database with the
 * configuration guide's supervision example (SN1 "FP approval point" above SN1.1 "FP approval sub
 * point", SN2 "EM approval point"; groups RGFP1, RGFP2, RGEM1), facilities written straight to
 * /fhir/Location with the programs they support, two warehouses and a zone.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { apiCall, type ApiReply } from '../helpers/api.js';
import { facility, fhir, jurisdiction } from '../helpers/fhir.js';

export interface AccessFixture {
  app: TestApp;
  programs: { FP: string; EM: string };
  nodes: { SN1: string; SN1_1: string; SN2: string };
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiReply>;
  /** The id of the seeded role with this name. */
  role(name: string): Promise<string>;
  /** Creates a user (username unique per call) and returns its id. */
  user(fields?: Record<string, unknown>): Promise<string>;
  /** Replaces a user's role assignments, insisting on 200. */
  assign(userId: string, assignments: unknown[]): Promise<any[]>;
  strings(userId: string): Promise<string[]>;
}

const SUPPORTED = 'https://lastmile.health/fhir/StructureDefinition/supported-program';
const PROGRAM_SYSTEM = 'https://lastmile.health/fhir/CodeSystem/program';

/** Which programs each facility supports (code: active). hc04 runs no FP; hc05's FP support is inactive. */
const SUPPORT: Record<string, Record<string, boolean>> = {
  hc01: { FP: true, EM: true },
  hc02: { FP: true },
  hc03: { EM: true },
  hc04: { EM: true },
  hc05: { FP: false },
  dh01: { FP: true, EM: true },
  wh01: {},
  wh02: {},
};

let usernames = 0;

export async function startAccessFixture(): Promise<AccessFixture> {
  const app = await startTestApp();
  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => apiCall(app.url, method, path, body, headers);
  const create = async (path: string, body: unknown) => {
    const reply = await call('POST', path, body);
    if (reply.status !== 201) throw new Error(`POST ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.id as string;
  };
  await putLocation(app, 'mw', jurisdiction('mw', 'Malawi'));
  for (const [id, programs] of Object.entries(SUPPORT)) await putLocation(app, id, facility(id, `Facility ${id.toUpperCase()}`, 'mw', { extension: supportExtensions(programs) }));

  const programs = { FP: await create('/programs', { code: 'FP', name: 'Family Planning' }), EM: await create('/programs', { code: 'EM', name: 'Essential Meds' }) };
  const schedule = await create('/processingSchedules', { code: 'SCH001', name: 'Monthly' });
  const SN1 = await create('/supervisoryNodes', { code: 'SN1', name: 'FP approval point', facilityId: 'hc01' });
  const SN1_1 = await create('/supervisoryNodes', { code: 'SN1.1', name: 'FP approval sub point', facilityId: 'dh01', parentNodeId: SN1 });
  const SN2 = await create('/supervisoryNodes', { code: 'SN2', name: 'EM approval point', facilityId: 'dh01' });
  const group = (code: string, node: string, members: string[], program: string) =>
    create('/requisitionGroups', {
      code,
      name: code,
      supervisoryNodeId: node,
      memberFacilityIds: members,
      programSchedules: [{ programId: program, processingScheduleId: schedule, directDelivery: true }],
    });
  await group('RGFP1', SN1, ['hc01', 'hc02', 'hc05'], programs.FP);
  await group('RGFP2', SN1_1, ['dh01', 'hc04'], programs.FP);
  await group('RGEM1', SN2, ['hc01', 'hc03', 'dh01', 'hc04'], programs.EM);

  return {
    app,
    programs,
    nodes: { SN1, SN1_1, SN2 },
    call,
    async role(name) {
      const reply = await call('GET', `/roles?name=${encodeURIComponent(name)}`);
      const found = reply.body.content.find((role: any) => role.name === name);
      if (!found) throw new Error(`no role named ${name}`);
      return found.id;
    },
    async user(fields = {}) {
      usernames += 1;
      return create('/users', { username: `user${usernames}`, firstName: 'Test', lastName: `User ${usernames}`, ...fields });
    },
    async assign(userId, assignments) {
      const reply = await call('PUT', `/users/${userId}/roleAssignments`, assignments);
      if (reply.status !== 200) throw new Error(`PUT roleAssignments: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body;
    },
    async strings(userId) {
      const reply = await call('GET', `/users/${userId}/permissionStrings`);
      if (reply.status !== 200) throw new Error(`GET permissionStrings: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body;
    },
  };
}

async function putLocation(app: TestApp, id: string, body: unknown): Promise<void> {
  const reply = await fhir(app.url, 'PUT', `/Location/${id}`, body);
  if (reply.status >= 300) throw new Error(`Location/${id}: ${reply.status} ${JSON.stringify(reply.body)}`);
}

function supportExtensions(programs: Record<string, boolean>) {
  return Object.entries(programs).map(([code, active]) => ({
    url: SUPPORTED,
    extension: [
      { url: 'program', valueCoding: { system: PROGRAM_SYSTEM, code } },
      { url: 'active', valueBoolean: active },
      { url: 'locallyFulfilled', valueBoolean: false },
    ],
  }));
}

/** `RIGHT|facility|program` for each right, facility and program given. */
export function strings(rights: string[], facilities: string[], programId?: string): string[] {
  return rights.flatMap((right) => facilities.map((facilityId) => [right, facilityId, programId].filter(Boolean).join('|')));
}
