/**
 * /api/requisitionGroups: the guide's groups, members and program schedules; one group per node;
 * a facility never gets one program from two groups (so never on two schedules), even when two
 * administrators write at once; the schedule lookup; node filters through groups; deletes.
 */
import { ApiError } from '../../api/http/errors.js';
import { requisitionGroupService } from '../../api/referencedata/requisition-groups/requisition-group.service.js';
import { created, request, startFixture, UNKNOWN_UUID, type Fixture } from './supervision-fixture.js';

let fx: Fixture;
const nodes: Record<string, any> = {};
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => request(fx.app, method, path, body, headers);
const schedule = (programId: string, processingScheduleId: string, extra: Record<string, unknown> = {}) => ({ programId, processingScheduleId, directDelivery: true, ...extra });

beforeAll(async () => {
  fx = await startFixture();
  nodes.SN1 = await created(api, '/supervisoryNodes', { code: 'SN1', name: 'FP approval point', facilityId: 'hc01' });
  nodes['SN1.1'] = await created(api, '/supervisoryNodes', { code: 'SN1.1', name: 'FP approval sub point', facilityId: 'dh01', parentNodeId: nodes.SN1.id });
  for (const code of ['SN2', 'SN3', 'SN4', 'SN5', 'SN6']) nodes[code] = await created(api, '/supervisoryNodes', { code, name: `Node ${code}` });
});
afterAll(() => fx.app.stop());

const group = (code: string, node: string, extra: Record<string, unknown> = {}) => ({ code, name: `Group ${code}`, supervisoryNodeId: nodes[node].id, ...extra });

describe('requisition groups', () => {
  it('follow the guide example: RGFP1 at SN1 with two facilities, monthly family planning', async () => {
    const body = group('RGFP1', 'SN1', {
      name: 'RG Family Planning 1',
      description: 'Supports facilities running the family planning program on a monthly schedule',
      memberFacilityIds: ['hc02', 'hc01'],
      programSchedules: [schedule(fx.programs.FP, fx.schedules.monthly)],
    });
    const reply = await api('POST', '/requisitionGroups', body);
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.any(String),
      code: 'RGFP1',
      name: 'RG Family Planning 1',
      description: 'Supports facilities running the family planning program on a monthly schedule',
      supervisoryNodeId: nodes.SN1.id,
      version: 1,
      memberFacilityIds: ['hc01', 'hc02'],
      programSchedules: [{ programId: fx.programs.FP, processingScheduleId: fx.schedules.monthly, directDelivery: true, dropOffFacilityId: null }],
    });
    expect((await api('GET', `/requisitionGroups/${reply.body.id}`)).body).toEqual(reply.body);
    expect((await api('GET', `/supervisoryNodes/${nodes.SN1.id}`)).body.requisitionGroup).toEqual({ id: reply.body.id, code: 'RGFP1', name: 'RG Family Planning 1' });
  });

  it('tell a facility its schedule for a program, with its group and approval node', async () => {
    const found = await api('GET', `/requisitionGroups/schedule?facilityId=hc02&programId=${fx.programs.FP}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      facilityId: 'hc02',
      programId: fx.programs.FP,
      processingSchedule: { id: fx.schedules.monthly, code: 'SCH001' },
      requisitionGroup: { code: 'RGFP1' },
      supervisoryNode: { id: nodes.SN1.id, code: 'SN1' },
      directDelivery: true,
      dropOffFacilityId: null,
    });
    const none = await api('GET', `/requisitionGroups/schedule?facilityId=hc02&programId=${fx.programs.EM}`);
    expect(none.status).toBe(404);
    expect(none.body.messageKey).toBe('referenceData.error.requisitionGroup.scheduleNotFound');
    expect((await api('GET', '/requisitionGroups/schedule?facilityId=hc02')).status).toBe(400);
  });

  it.each([
    ['no supervisory node', () => ({ code: 'BAD1', name: 'x' }), 400, 'invalid'],
    ['a member listed twice', () => group('BAD2', 'SN2', { memberFacilityIds: ['hc03', 'hc03'] }), 400, 'invalid'],
    ['a schedule without directDelivery', () => group('BAD3', 'SN2', { programSchedules: [{ programId: fx.programs.EM, processingScheduleId: fx.schedules.monthly }] }), 400, 'invalid'],
    ['a program listed twice', () => group('BAD4', 'SN2', { programSchedules: [schedule(fx.programs.EM, fx.schedules.monthly), schedule(fx.programs.EM, fx.schedules.quarterly)] }), 400, 'programScheduleDuplicated'],
    ['a drop-off facility with direct delivery', () => group('BAD5', 'SN2', { programSchedules: [schedule(fx.programs.EM, fx.schedules.monthly, { dropOffFacilityId: 'dh01' })] }), 400, 'dropOffWithDirectDelivery'],
    ['an unknown member facility', () => group('BAD6', 'SN2', { memberFacilityIds: ['hc03', 'ghost'] }), 400, 'facilityUnknown'],
    ['a jurisdiction as drop-off facility', () => group('BAD7', 'SN2', { programSchedules: [schedule(fx.programs.EM, fx.schedules.monthly, { directDelivery: false, dropOffFacilityId: 'south' })] }), 400, 'facilityUnknown'],
    ['an unknown program', () => group('BAD8', 'SN2', { programSchedules: [schedule(UNKNOWN_UUID, fx.schedules.monthly)] }), 400, 'programUnknown'],
    ['an unknown schedule', () => group('BAD9', 'SN2', { programSchedules: [schedule(fx.programs.EM, UNKNOWN_UUID)] }), 400, 'processingScheduleUnknown'],
    ['an unknown node', () => ({ code: 'BAD10', name: 'x', supervisoryNodeId: UNKNOWN_UUID }), 400, 'supervisoryNodeUnknown'],
    ['a node that already supervises a group', () => group('BAD11', 'SN1'), 409, 'supervisoryNodeTaken'],
    ['a code already used', () => group('RGFP1', 'SN2'), 409, 'code.duplicated'],
  ])('refuse %s', async (_label, body, status, problem) => {
    const reply = await api('POST', '/requisitionGroups', body());
    expect(reply.status).toBe(status);
    expect(reply.body.messageKey).toBe(`referenceData.error.requisitionGroup.${problem}`);
  });

  it('name the facilities that are not facilities', async () => {
    const reply = await api('POST', '/requisitionGroups', group('BAD12', 'SN2', { memberFacilityIds: ['ghost', 'north'] }));
    expect(reply.body.message).toContain('memberFacilityIds: ghost does not exist');
    expect(reply.body.message).toContain('memberFacilityIds: north is a jurisdiction, not a facility');
  });

  it('never give a facility one program from two groups, naming facility, program and both groups', async () => {
    const quarterly = await api('POST', '/requisitionGroups', group('RGFP2', 'SN1.1', { memberFacilityIds: ['hc03', 'hc02'], programSchedules: [schedule(fx.programs.FP, fx.schedules.quarterly)] }));
    expect(quarterly.status).toBe(409);
    expect(quarterly.body.messageKey).toBe('referenceData.error.requisitionGroup.facilityProgramConflict');
    expect(quarterly.body.message).toContain('Facility hc02 already gets program "FP" from requisition group "RGFP1" (schedule "SCH001")');
    expect(quarterly.body.message).toContain('requisition group "RGFP2"');
    expect(quarterly.body.details).toMatchObject({ facilityId: 'hc02', programId: fx.programs.FP, requisitionGroupCode: 'RGFP2', conflictingRequisitionGroup: { code: 'RGFP1' } });
    // The same schedule from a second group is refused too: the approval route would be ambiguous.
    const sameSchedule = await api('POST', '/requisitionGroups', group('RGFP2', 'SN1.1', { memberFacilityIds: ['hc02'], programSchedules: [schedule(fx.programs.FP, fx.schedules.monthly)] }));
    expect(sameSchedule.status).toBe(409);
    // Other facilities, or another program for the same facility, are fine.
    const other = await api('POST', '/requisitionGroups', group('RGFP2', 'SN1.1', { memberFacilityIds: ['hc03'], programSchedules: [schedule(fx.programs.FP, fx.schedules.quarterly)] }));
    expect(other.status).toBe(201);
    const em = await api('POST', '/requisitionGroups', group('RGEM1', 'SN2', { memberFacilityIds: ['hc01', 'hc03', 'dh01'], programSchedules: [schedule(fx.programs.EM, fx.schedules.monthly)] }));
    expect(em.status).toBe(201);
    // An update that would add the conflict is refused and changes nothing.
    const widened = await api('PUT', `/requisitionGroups/${other.body.id}`, { ...other.body, memberFacilityIds: ['hc03', 'hc01'] });
    expect(widened.status).toBe(409);
    expect(widened.body.message).toContain('Facility hc01 already gets program "FP" from requisition group "RGFP1"');
    expect((await api('GET', `/requisitionGroups/${other.body.id}`)).body).toEqual(other.body);
  });

  it('of two concurrent groups giving one facility one program, create exactly one', async () => {
    for (const [round, [a, b]] of [['SN3', 'SN4'], ['SN5', 'SN6']].entries()) {
      const body = (node: string) => group(`RACE-${node}`, node, { memberFacilityIds: [`hc0${4}`], programSchedules: [schedule(fx.programs.EM, round === 0 ? fx.schedules.monthly : fx.schedules.quarterly)] });
      const replies = await Promise.all([api('POST', '/requisitionGroups', body(a)), api('POST', '/requisitionGroups', body(b))]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = replies.find((r) => r.status === 201)!.body;
      const loser = replies.find((r) => r.status === 409)!.body;
      expect(loser.messageKey).toBe('referenceData.error.requisitionGroup.facilityProgramConflict');
      expect(loser.details.conflictingRequisitionGroup.code).toBe(winner.code);
      expect((await api('DELETE', `/requisitionGroups/${winner.id}`)).status).toBe(204);
    }
  });

  it('hold the rule when the other group commits after our check: the database refuses, the answer names it', async () => {
    const { dataSource, fhir } = fx.app.platform;
    const body = (node: string) => ({ ...group(`LATE-${node}`, node), memberFacilityIds: ['wh01'], programSchedules: [schedule(fx.programs.EM, fx.schedules.monthly)] });
    let late: Promise<unknown> | undefined;
    await dataSource.transaction(async (tx) => {
      await requisitionGroupService(tx, fhir.directory).create(body('SN3'));
      // Not committed yet: the second writer's check sees nothing and its insert waits on our row.
      late = requisitionGroupService(dataSource, fhir.directory).create(body('SN4')).catch((e: unknown) => e);
      const settled = await Promise.race([late.then(() => 'settled'), new Promise((resolve) => setTimeout(resolve, 300, 'waiting'))]);
      expect(settled).toBe('waiting');
    });
    const refused = (await late) as ApiError;
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.status).toBe(409);
    expect(refused.details).toMatchObject({ facilityId: 'wh01', conflictingRequisitionGroup: { code: 'LATE-SN3' } });
    expect((await api('GET', '/requisitionGroups?code=LATE-SN4')).body.totalElements).toBe(0);
    const [winner] = (await api('GET', '/requisitionGroups?code=LATE-SN3')).body.content;
    expect((await api('DELETE', `/requisitionGroups/${winner.id}`)).status).toBe(204);
  });

  it('keep members and schedules a body leaves out, and lock optimistically', async () => {
    const [rgem1] = (await api('GET', '/requisitionGroups?code=RGEM1')).body.content;
    const { memberFacilityIds: _members, programSchedules: _schedules, ...bare } = rgem1;
    const renamed = await api('PUT', `/requisitionGroups/${rgem1.id}`, { ...bare, name: 'RG Essential Meds 1' }, { 'If-Match': 'W/"1"' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'RG Essential Meds 1', version: 2, memberFacilityIds: rgem1.memberFacilityIds, programSchedules: rgem1.programSchedules });
    const stale = await api('PUT', `/requisitionGroups/${rgem1.id}`, { ...rgem1, name: 'Lost' });
    expect(stale.status).toBe(409);
    expect(stale.body.messageKey).toBe('referenceData.error.requisitionGroup.versionConflict');
    const dropOff = await api('PUT', `/requisitionGroups/${rgem1.id}`, { ...renamed.body, programSchedules: [schedule(fx.programs.EM, fx.schedules.monthly, { directDelivery: false, dropOffFacilityId: 'dh01' })] });
    expect(dropOff.status).toBe(200);
    expect((await api('GET', `/requisitionGroups/schedule?facilityId=hc01&programId=${fx.programs.EM}`)).body).toMatchObject({ directDelivery: false, dropOffFacilityId: 'dh01', supervisoryNode: { code: 'SN2' } });
  });

  it('filter by program, member facility and node, paged', async () => {
    const codes = async (query: string) => (await api('GET', `/requisitionGroups?${query}`)).body.content.map((g: any) => g.code);
    expect(await codes(`programId=${fx.programs.FP}&sort=code`)).toEqual(['RGFP1', 'RGFP2']);
    expect(await codes('facilityId=hc01&sort=code')).toEqual(['RGEM1', 'RGFP1']);
    expect(await codes(`supervisoryNodeId=${nodes['SN1.1'].id}`)).toEqual(['RGFP2']);
    expect(await codes('name=family')).toEqual(['RGFP1']);
    expect(await codes('name=essential')).toEqual(['RGEM1']);
    expect((await api('GET', '/requisitionGroups?page=1&size=2&sort=code')).body).toMatchObject({ totalElements: 3, totalPages: 2, numberOfElements: 1, last: true });
  });

  it('let nodes be found through their groups, as OpenLMIS does (facilityId, programId), and list supervised facilities down the tree', async () => {
    const nodeCodes = async (query: string) => (await api('GET', `/supervisoryNodes?${query}&sort=code`)).body.content.map((n: any) => n.code);
    expect(await nodeCodes(`facilityId=hc01&programId=${fx.programs.FP}`)).toEqual(['SN1']);
    expect(await nodeCodes('facilityId=hc01')).toEqual(['SN1', 'SN2']);
    expect(await nodeCodes(`programId=${fx.programs.FP}`)).toEqual(['SN1', 'SN1.1']);
    const supervised = await api('GET', `/supervisoryNodes/${nodes.SN1.id}/supervisedFacilities?programId=${fx.programs.FP}`);
    expect(supervised.body).toEqual({ facilityIds: ['hc01', 'hc02', 'hc03'] });
    expect((await api('GET', `/supervisoryNodes/${nodes['SN1.1'].id}/supervisedFacilities`)).body).toEqual({ facilityIds: ['hc03'] });
  });

  it('can be deleted, freeing their node and their facilities', async () => {
    const [rgfp2] = (await api('GET', '/requisitionGroups?code=RGFP2')).body.content;
    const blocked = await api('DELETE', `/supervisoryNodes/${nodes['SN1.1'].id}`);
    expect(blocked.status).toBe(409);
    expect(blocked.body.messageKey).toBe('referenceData.error.supervisoryNode.hasRequisitionGroup');
    expect((await api('DELETE', `/requisitionGroups/${rgfp2.id}`)).status).toBe(204);
    expect((await api('GET', `/requisitionGroups/${rgfp2.id}`)).status).toBe(404);
    expect((await api('GET', `/requisitionGroups/schedule?facilityId=hc03&programId=${fx.programs.FP}`)).status).toBe(404);
    expect((await api('DELETE', `/supervisoryNodes/${nodes['SN1.1'].id}`)).status).toBe(204);
    expect((await api('POST', '/requisitionGroups', group('RGFP3', 'SN3', { memberFacilityIds: ['hc03'], programSchedules: [schedule(fx.programs.FP, fx.schedules.quarterly)] }))).status).toBe(201);
  });
});
