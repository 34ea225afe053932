/**
 * /api/supervisoryNodes and /api/supplyLines: the guide's rules, a tree that never loops (even
 * under concurrent moves), one supply line per node and program, facilities checked in the FHIR
 * directory, optimistic locking, paging and filters, and services that run inside an import's
 * transaction. Requisition groups are in supervision-groups.test.ts.
 */
import { requisitionGroupService } from '../../api/referencedata/requisition-groups/requisition-group.service.js';
import { supervisoryNodeService } from '../../api/referencedata/supervisory-nodes/supervisory-node.service.js';
import { supplyLineService } from '../../api/referencedata/supply-lines/supply-line.service.js';
import { ApiError } from '../../api/http/errors.js';
import { created, request, startFixture, UNKNOWN_UUID, type Fixture } from './supervision-fixture.js';

let fx: Fixture;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => request(fx.app, method, path, body, headers);
const node = (code: string, extra: Record<string, unknown> = {}) => ({ code, name: `Node ${code}`, ...extra });
const createNode = (code: string, extra: Record<string, unknown> = {}) => created(api, '/supervisoryNodes', node(code, extra));

beforeAll(async () => {
  fx = await startFixture();
});
afterAll(() => fx.app.stop());

describe('supervisory nodes', () => {
  it('follow the guide example: a parent node and a child node, each with its facility', async () => {
    const sn1 = await api('POST', '/supervisoryNodes', { code: 'SN1', name: 'FP approval point', description: 'Family Planning approval point', facilityId: 'hc01' });
    expect(sn1.status).toBe(201);
    expect(sn1.headers.get('location')).toBe(`/api/supervisoryNodes/${sn1.body.id}`);
    const child = await createNode('SN1.1', { name: 'FP approval sub point', facilityId: 'dh01', parentNodeId: sn1.body.id });
    const parent = await api('GET', `/supervisoryNodes/${sn1.body.id}`);
    expect(parent.headers.get('etag')).toBe('W/"1"');
    expect(parent.body).toEqual({
      id: sn1.body.id,
      code: 'SN1',
      name: 'FP approval point',
      description: 'Family Planning approval point',
      facilityId: 'hc01',
      parentNodeId: null,
      version: 1,
      childNodes: [{ id: child.id, code: 'SN1.1', name: 'FP approval sub point' }],
      requisitionGroup: null,
    });
    expect(child).toMatchObject({ parentNodeId: sn1.body.id, childNodes: [], requisitionGroup: null });
    expect((await api('POST', '/supervisoryNodes', node('SN-NO-FACILITY'))).status).toBe(201);
  });

  it.each([
    ['no code', { name: 'x' }, 400, 'referenceData.error.supervisoryNode.invalid'],
    ['a blank name', { code: 'X1', name: '  ' }, 400, 'referenceData.error.supervisoryNode.invalid'],
    ['a malformed facility id', node('X2', { facilityId: 'not a fhir id!' }), 400, 'referenceData.error.supervisoryNode.invalid'],
    ['a parent that is not a UUID', node('X3', { parentNodeId: 'SN1' }), 400, 'referenceData.error.supervisoryNode.invalid'],
    ['an unknown field', node('X4', { colour: 'red' }), 400, 'referenceData.error.supervisoryNode.invalid'],
    ['an unknown facility', node('X5', { facilityId: 'nowhere' }), 400, 'referenceData.error.supervisoryNode.facilityUnknown'],
    ['a jurisdiction as facility', node('X6', { facilityId: 'south' }), 400, 'referenceData.error.supervisoryNode.facilityUnknown'],
    ['an unknown parent', node('X7', { parentNodeId: UNKNOWN_UUID }), 400, 'referenceData.error.supervisoryNode.parentNodeUnknown'],
    ['a code already used', node('SN1'), 409, 'referenceData.error.supervisoryNode.code.duplicated'],
  ])('refuse %s', async (_label, body, status, messageKey) => {
    const reply = await api('POST', '/supervisoryNodes', body);
    expect(reply.status).toBe(status);
    expect(reply.body.messageKey).toBe(messageKey);
    expect(reply.body.message).toEqual(expect.any(String));
  });

  it('name the unknown facility, and keep codes case-sensitive', async () => {
    const reply = await api('POST', '/supervisoryNodes', node('X8', { facilityId: 'nowhere' }));
    expect(reply.body.message).toContain('facilityId: nowhere does not exist');
    expect((await api('POST', '/supervisoryNodes', node('sn1'))).status).toBe(201);
  });

  it('refuse to become their own ancestor, and say along which path', async () => {
    const a = await createNode('CYC-A');
    const b = await createNode('CYC-B', { parentNodeId: a.id });
    const c = await createNode('CYC-C', { parentNodeId: b.id });
    const loop = await api('PUT', `/supervisoryNodes/${a.id}`, { ...a, parentNodeId: c.id });
    expect(loop.status).toBe(400);
    expect(loop.body.messageKey).toBe('referenceData.error.supervisoryNode.cycle');
    expect(loop.body.message).toContain('CYC-A > CYC-B > CYC-C');
    expect(loop.body.details.path).toEqual(['CYC-A', 'CYC-B', 'CYC-C']);
    const self = await api('PUT', `/supervisoryNodes/${a.id}`, { ...a, parentNodeId: a.id });
    expect(self.status).toBe(400);
    expect(self.body.messageKey).toBe('referenceData.error.supervisoryNode.cycle');
    // Moving a subtree elsewhere is fine: C goes to the top, then A goes under C.
    expect((await api('PUT', `/supervisoryNodes/${c.id}`, { ...c, parentNodeId: null })).status).toBe(200);
    const moved = await api('PUT', `/supervisoryNodes/${a.id}`, { ...a, parentNodeId: c.id });
    expect(moved.status).toBe(200);
    expect((await api('GET', `/supervisoryNodes/${c.id}`)).body.childNodes.map((n: any) => n.code)).toEqual(['CYC-A']);
  });

  it('never loop under concurrent moves: of two moves that together would, exactly one wins', async () => {
    for (let round = 0; round < 5; round += 1) {
      const x = await createNode(`RACE-X${round}`);
      const y = await createNode(`RACE-Y${round}`);
      const replies = await Promise.all([
        api('PUT', `/supervisoryNodes/${x.id}`, { ...x, parentNodeId: y.id }),
        api('PUT', `/supervisoryNodes/${y.id}`, { ...y, parentNodeId: x.id }),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(replies.find((r) => r.status === 400)!.body.messageKey).toBe('referenceData.error.supervisoryNode.cycle');
    }
  });

  it('lock optimistically: a stale If-Match or body version answers 409, a read can be sent back', async () => {
    const read = (await api('GET', `/supervisoryNodes/${(await createNode('LOCK-1')).id}`)).body;
    const renamed = await api('PUT', `/supervisoryNodes/${read.id}`, { ...read, name: 'Renamed' }, { 'If-Match': 'W/"1"' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', version: 2 });
    expect(renamed.headers.get('etag')).toBe('W/"2"');
    const staleHeader = await api('PUT', `/supervisoryNodes/${read.id}`, { ...read, version: undefined, name: 'Lost' }, { 'If-Match': 'W/"1"' });
    expect(staleHeader.status).toBe(409);
    expect(staleHeader.body.messageKey).toBe('referenceData.error.supervisoryNode.versionConflict');
    expect((await api('PUT', `/supervisoryNodes/${read.id}`, { ...read, name: 'Lost too' })).status).toBe(409);
    expect((await api('PUT', `/supervisoryNodes/${UNKNOWN_UUID}`, read)).status).toBe(404);
    expect((await api('GET', '/supervisoryNodes/not-a-uuid')).status).toBe(404);
  });

  it('page and filter by code, name and zone of their facility', async () => {
    await createNode('ZONE-N', { facilityId: 'nhc01' });
    const paged = await api('GET', '/supervisoryNodes?page=0&size=2&sort=code,desc');
    expect(paged.body).toMatchObject({ size: 2, number: 0, numberOfElements: 2, first: true, last: false });
    expect(paged.body.totalElements).toBeGreaterThan(5);
    expect((await api('GET', '/supervisoryNodes?code=SN1')).body.content.map((n: any) => n.code)).toEqual(['SN1']);
    expect((await api('GET', '/supervisoryNodes?name=sub%20point')).body.content.map((n: any) => n.code)).toEqual(['SN1.1']);
    expect((await api('GET', '/supervisoryNodes?zoneId=north')).body.content.map((n: any) => n.code)).toEqual(['ZONE-N']);
    expect((await api('GET', '/supervisoryNodes?zoneId=south&sort=code')).body.content.map((n: any) => n.code)).toEqual(['SN1', 'SN1.1']);
    expect((await api('GET', '/supervisoryNodes?programId=nope')).status).toBe(400);
    expect((await api('GET', '/supervisoryNodes?sort=colour')).status).toBe(400);
  });

  it('are deleted only when nothing hangs off them', async () => {
    const top = await createNode('DEL-TOP');
    const leaf = await createNode('DEL-LEAF', { parentNodeId: top.id });
    const withChildren = await api('DELETE', `/supervisoryNodes/${top.id}`);
    expect(withChildren.status).toBe(409);
    expect(withChildren.body.messageKey).toBe('referenceData.error.supervisoryNode.hasChildNodes');
    await created(api, '/supplyLines', { supervisoryNodeId: leaf.id, programId: fx.programs.FP, supplyingFacilityId: 'wh01' });
    const withLine = await api('DELETE', `/supervisoryNodes/${leaf.id}`);
    expect(withLine.status).toBe(409);
    expect(withLine.body.messageKey).toBe('referenceData.error.supervisoryNode.hasSupplyLines');
    const bare = await createNode('DEL-BARE');
    expect((await api('DELETE', `/supervisoryNodes/${bare.id}`)).status).toBe(204);
    expect((await api('GET', `/supervisoryNodes/${bare.id}`)).status).toBe(404);
    expect((await api('DELETE', `/supervisoryNodes/${bare.id}`)).status).toBe(404);
  });
});

describe('supply lines', () => {
  let sn2: any;
  beforeAll(async () => {
    sn2 = await createNode('SN2', { name: 'EM approval point', facilityId: 'hc02' });
  });
  const line = (extra: Record<string, unknown> = {}) => ({ supervisoryNodeId: sn2.id, programId: fx.programs.EM, supplyingFacilityId: 'wh02', ...extra });

  it('follow the guide example: a program, a node, a supplying facility, a description', async () => {
    const reply = await api('POST', '/supplyLines', line({ description: 'Balaka District Warehouse supplies Essential Meds' }));
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.any(String),
      code: null,
      description: 'Balaka District Warehouse supplies Essential Meds',
      supervisoryNodeId: sn2.id,
      programId: fx.programs.EM,
      supplyingFacilityId: 'wh02',
      version: 1,
    });
    expect((await api('GET', `/supplyLines/${reply.body.id}`)).body).toEqual(reply.body);
  });

  it.each([
    ['no program', () => ({ supervisoryNodeId: sn2.id, supplyingFacilityId: 'wh01' }), 400, 'referenceData.error.supplyLine.invalid'],
    ['a blank code', () => line({ code: ' ', programId: fx.programs.FP }), 400, 'referenceData.error.supplyLine.invalid'],
    ['an unknown supplying facility', () => line({ supplyingFacilityId: 'wh99', programId: fx.programs.FP }), 400, 'referenceData.error.supplyLine.facilityUnknown'],
    ['a jurisdiction as supplying facility', () => line({ supplyingFacilityId: 'mw', programId: fx.programs.FP }), 400, 'referenceData.error.supplyLine.facilityUnknown'],
    ['an unknown node', () => line({ supervisoryNodeId: UNKNOWN_UUID }), 400, 'referenceData.error.supplyLine.supervisoryNodeUnknown'],
    ['an unknown program', () => line({ programId: UNKNOWN_UUID }), 400, 'referenceData.error.supplyLine.programUnknown'],
    ['a second line for the same node and program', () => line({ supplyingFacilityId: 'wh01' }), 409, 'referenceData.error.supplyLine.duplicated'],
  ])('refuse %s', async (_label, body, status, messageKey) => {
    const reply = await api('POST', '/supplyLines', body());
    expect(reply.status).toBe(status);
    expect(reply.body.messageKey).toBe(messageKey);
  });

  it('say which node and program already have a line, and allow the other program', async () => {
    const duplicate = await api('POST', '/supplyLines', line({ supplyingFacilityId: 'wh01' }));
    expect(duplicate.body.message).toContain('"SN2" already has a supply line for program "EM"');
    const fp = await api('POST', '/supplyLines', line({ programId: fx.programs.FP, code: 'SL-SN2-FP' }));
    expect(fp.status).toBe(201);
    const sameCode = await api('POST', '/supplyLines', { supervisoryNodeId: (await createNode('SN3')).id, programId: fx.programs.FP, supplyingFacilityId: 'wh01', code: 'SL-SN2-FP' });
    expect(sameCode.status).toBe(409);
    expect(sameCode.body.messageKey).toBe('referenceData.error.supplyLine.code.duplicated');
  });

  it('of two concurrent lines for one node and program, add exactly one', async () => {
    const racing = await createNode('SN-RACE-LINE');
    const replies = await Promise.all(['wh01', 'wh02'].map((supplyingFacilityId) => api('POST', '/supplyLines', { supervisoryNodeId: racing.id, programId: fx.programs.EM, supplyingFacilityId })));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('lock optimistically and can be moved to another warehouse', async () => {
    const [current] = (await api('GET', `/supplyLines?supervisoryNodeId=${sn2.id}&programId=${fx.programs.EM}`)).body.content;
    const moved = await api('PUT', `/supplyLines/${current.id}`, { ...current, supplyingFacilityId: 'wh01' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ supplyingFacilityId: 'wh01', version: 2 });
    const stale = await api('PUT', `/supplyLines/${current.id}`, { ...current, description: 'Lost' });
    expect(stale.status).toBe(409);
    expect(stale.body.messageKey).toBe('referenceData.error.supplyLine.versionConflict');
  });

  it('filter by program, node and supplying facility, paged', async () => {
    const byFacility = await api('GET', '/supplyLines?supplyingFacilityId=wh01&sort=code');
    expect(byFacility.body.content.every((l: any) => l.supplyingFacilityId === 'wh01')).toBe(true);
    expect(byFacility.body.totalElements).toBeGreaterThanOrEqual(2);
    const byNode = await api('GET', `/supplyLines?supervisoryNodeId=${sn2.id}&page=0&size=1`);
    expect(byNode.body).toMatchObject({ totalElements: 2, totalPages: 2, numberOfElements: 1 });
    const byProgram = await api('GET', `/supplyLines?programId=${fx.programs.FP}&supervisoryNodeId=${sn2.id}`);
    expect(byProgram.body.content.map((l: any) => l.code)).toEqual(['SL-SN2-FP']);
    expect((await api('GET', '/supplyLines?supplyingFacilityId=bad%20id')).status).toBe(400);
  });

  it('can be deleted', async () => {
    const [fp] = (await api('GET', '/supplyLines?code=SL-SN2-FP')).body.content;
    expect((await api('DELETE', `/supplyLines/${fp.id}`)).status).toBe(204);
    expect((await api('GET', `/supplyLines/${fp.id}`)).status).toBe(404);
  });
});

describe('services inside an import transaction', () => {
  it('upsert by code, survive a refused row (savepoint) and roll back with the import', async () => {
    const { dataSource, fhir } = fx.app.platform;
    const outcome = await dataSource
      .transaction(async (tx) => {
        const nodes = supervisoryNodeService(tx, fhir.directory);
        const top = await nodes.upsertByCode({ code: 'IMP-TOP', name: 'Imported top' });
        const mid = await nodes.upsertByCode({ code: 'IMP-MID', name: 'Imported', parentNodeId: top.id });
        expect((await nodes.upsertByCode({ code: 'IMP-MID', name: 'Imported middle', parentNodeId: top.id })).version).toBe(2);
        // A refused row rolls back to its savepoint; the import carries on.
        const loop = await nodes.upsertByCode({ code: 'IMP-TOP', name: 'Imported top', parentNodeId: mid.id }).catch((e: unknown) => e);
        expect(loop).toBeInstanceOf(ApiError);
        expect((loop as ApiError).messageKey).toBe('referenceData.error.supervisoryNode.cycle');
        const group = await requisitionGroupService(tx, fhir.directory).upsertByCode({
          code: 'IMP-RG',
          name: 'Imported group',
          supervisoryNodeId: mid.id,
          memberFacilityIds: ['hc04'],
          programSchedules: [{ programId: fx.programs.EM, processingScheduleId: fx.schedules.monthly, directDelivery: true }],
        });
        const line = await supplyLineService(tx, fhir.directory).upsertByCode({ supervisoryNodeId: top.id, programId: fx.programs.EM, supplyingFacilityId: 'wh02' });
        const again = await supplyLineService(tx, fhir.directory).upsertByCode({ supervisoryNodeId: top.id, programId: fx.programs.EM, supplyingFacilityId: 'wh01', code: 'IMP-SL' });
        expect(again).toMatchObject({ id: line.id, code: 'IMP-SL', supplyingFacilityId: 'wh01', version: 2 });
        expect((await nodes.findByCode('IMP-MID'))!.requisitionGroup).toEqual({ id: group.id, code: 'IMP-RG', name: 'Imported group' });
        throw new Error('roll the import back');
      })
      .catch((e: Error) => e.message);
    expect(outcome).toBe('roll the import back');
    expect((await api('GET', '/supervisoryNodes?code=IMP-TOP')).body.totalElements).toBe(0);
    expect((await api('GET', '/requisitionGroups?code=IMP-RG')).body.totalElements).toBe(0);
  });
});
