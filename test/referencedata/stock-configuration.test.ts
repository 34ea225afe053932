/**
 * Stock management configuration: /api/stockCardLineItemReasons, /api/validReasons,
 * /api/organizations, /api/validSources and /api/validDestinations, and their services as a CSV
 * import uses them inside one transaction. Facilities are FHIR Locations posted to /fhir/Location.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fhir } from '../helpers/fhir.js';
import { organizationService } from '../../api/referencedata/organizations/organization.service.js';
import type { StockReasonInput } from '../../api/referencedata/stock-reasons/stock-reason.schema.js';
import { stockReasonService } from '../../api/referencedata/stock-reasons/stock-reason.service.js';
import { validReasonService } from '../../api/referencedata/valid-reasons/valid-reason.service.js';
import { validSourceService } from '../../api/referencedata/valid-sources/valid-source.service.js';
import { apiCall } from '../helpers/api.js';

let app: TestApp;
const ids: Record<string, string> = {};
const UNKNOWN = '7c1d7e1a-0000-4000-8000-000000000000';
const MCSD_TYPES = 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types';
const LEVEL_SYSTEM = 'https://lastmile.health/fhir/CodeSystem/geographic-level';

function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return apiCall(app.url, method, path, body, headers);
}

async function created(path: string, body: unknown): Promise<any> {
  const reply = await api('POST', path, body);
  if (reply.status !== 201) throw new Error(`${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** POSTs a Location to /fhir and answers its server-assigned id. */
async function location(name: string, kind: 'facility' | 'jurisdiction', parent?: string, extra: Record<string, unknown> = {}): Promise<string> {
  const types = [{ coding: [{ system: MCSD_TYPES, code: kind }] }, ...((extra.types as object[]) ?? [])];
  const { types: _types, ...rest } = extra;
  const reply = await fhir(app.url, 'POST', '/Location', {
    resourceType: 'Location',
    name,
    status: 'active',
    type: types,
    ...(parent ? { partOf: { reference: `Location/${parent}` } } : {}),
    ...rest,
  });
  if (reply.status !== 201) throw new Error(`Location ${name}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.id;
}

const district = (name: string, parent: string) => location(name, 'jurisdiction', parent, { types: [{ coding: [{ system: LEVEL_SYSTEM, code: 'District' }] }] });
const reason = (name: string, extra: Record<string, unknown> = {}) => ({ name, reasonCategory: 'ADJUSTMENT', reasonType: 'DEBIT', ...extra }) as StockReasonInput;

beforeAll(async () => {
  app = await startTestApp();
  ids.fp = (await created('/programs', { code: 'PRG001', name: 'Family Planning' })).id;
  ids.em = (await created('/programs', { code: 'PRG002', name: 'Essential Meds' })).id;
  ids.hc = (await created('/facilityTypes', { code: 'health_center', name: 'Health Center' })).id;
  ids.wh = (await created('/facilityTypes', { code: 'warehouse', name: 'Warehouse' })).id;
  ids.district = (await created('/geographicLevels', { code: 'District', name: 'District', levelNumber: 3 })).id;
  ids.country = await location('Malawi', 'jurisdiction');
  ids.zomba = await district('Zomba', ids.country);
  ids.balaka = await district('Balaka', ids.country);
  ids.clinic = await location('Zomba Clinic', 'facility', ids.zomba);
  ids.zombaStore = await location('Zomba District Store', 'facility', ids.zomba);
  ids.balakaStore = await location('Balaka District Store', 'facility', ids.balaka);
  ids.closed = await location('Closed Clinic', 'facility', ids.zomba, { status: 'inactive' });
  ids.donor = (await created('/organizations', { code: 'DONOR', name: 'Global Donor' })).id;
  ids.funeral = (await created('/organizations', { code: 'FUNERAL', name: 'Funeral Home' })).id;
  ids.oldNgo = (await created('/organizations', { code: 'OLD', name: 'Old NGO', active: false })).id;
});
afterAll(() => app.stop());

describe('stock card line item reasons', () => {
  it.each([
    ['a transfer credit allowing free text', reason('Transfer from NGO', { reasonCategory: 'TRANSFER', reasonType: 'CREDIT', isFreeTextAllowed: true, tags: ['received', 'transfer'] })],
    ['a physical inventory balance adjustment', reason('Count matches', { reasonCategory: 'PHYSICAL_INVENTORY', reasonType: 'BALANCE_ADJUSTMENT' })],
    ['an aggregation debit with a description', reason('Kit opened', { reasonCategory: 'AGGREGATION', description: 'Kit parent' })],
  ])('creates %s', async (_label, body) => {
    const reply = await api('POST', '/stockCardLineItemReasons', body);
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ id: expect.any(String), description: null, isFreeTextAllowed: false, tags: [], version: 1, ...body });
    expect(reply.headers.get('location')).toBe(`/api/stockCardLineItemReasons/${reply.body.id}`);
    expect((await api('GET', `/stockCardLineItemReasons/${reply.body.id}`)).body).toEqual(reply.body);
  });

  it.each([
    ['no name', { reasonCategory: 'ADJUSTMENT', reasonType: 'DEBIT' }, 'name'],
    ['a blank name', reason('   '), 'name'],
    ['an unknown category', reason('x1', { reasonCategory: 'GIFT' }), 'reasonCategory'],
    ['no type', { name: 'x2', reasonCategory: 'ADJUSTMENT' }, 'reasonType'],
    ['tags not a list', reason('x3', { tags: 'received' }), 'tags'],
    ['a blank tag', reason('x4', { tags: ['ok', ' '] }), 'tags.1'],
    ['free text not a boolean', reason('x5', { isFreeTextAllowed: 'yes' }), 'isFreeTextAllowed'],
    ['an unknown field', reason('x6', { program: 'FP' }), 'program'],
  ])('refuses %s with 400 naming the field', async (_label, body, field) => {
    const reply = await api('POST', '/stockCardLineItemReasons', body);
    expect(reply.status).toBe(400);
    expect(reply.body.messageKey).toBe('referenceData.error.stockCardLineItemReason.invalid');
    expect(Object.keys(reply.body.details.fieldErrors)).toContain(field);
  });

  it('keeps balance adjustments to physical inventory reasons', async () => {
    const reply = await api('POST', '/stockCardLineItemReasons', reason('Balanced', { reasonType: 'BALANCE_ADJUSTMENT' }));
    expect(reply.status).toBe(400);
    expect(reply.body.messageKey).toBe('referenceData.error.stockCardLineItemReason.typeNotAllowed');
  });

  it('drops repeated tags', async () => {
    const reply = await api('POST', '/stockCardLineItemReasons', reason('Tagged twice', { tags: ['loss', 'loss', 'debit'] }));
    expect(reply.body.tags).toEqual(['loss', 'debit']);
  });

  it('keeps names unique and case-sensitive', async () => {
    await created('/stockCardLineItemReasons', reason('Damage'));
    const duplicate = await api('POST', '/stockCardLineItemReasons', reason('Damage', { reasonType: 'CREDIT' }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.messageKey).toBe('referenceData.error.stockCardLineItemReason.name.duplicated');
    expect((await api('POST', '/stockCardLineItemReasons', reason('damage'))).status).toBe(201);
  });

  it('updates with optimistic locking, and refuses a rename onto another name', async () => {
    const stolen = await created('/stockCardLineItemReasons', reason('Stolen'));
    const updated = await api('PUT', `/stockCardLineItemReasons/${stolen.id}`, { ...stolen, isFreeTextAllowed: true }, { 'If-Match': 'W/"1"' });
    expect(updated.body).toMatchObject({ isFreeTextAllowed: true, version: 2 });
    expect(updated.headers.get('etag')).toBe('W/"2"');
    const stale = await api('PUT', `/stockCardLineItemReasons/${stolen.id}`, { ...stolen, name: 'Lost update' });
    expect(stale.status).toBe(409);
    expect(stale.body.messageKey).toBe('referenceData.error.stockCardLineItemReason.versionConflict');
    const clash = await api('PUT', `/stockCardLineItemReasons/${stolen.id}`, { ...updated.body, name: 'Damage' });
    expect(clash.status).toBe(409);
    expect(clash.body.messageKey).toBe('referenceData.error.stockCardLineItemReason.name.duplicated');
  });

  it('is never deleted: stock history refers to it (409), unknown ids answer 404', async () => {
    const expired = await created('/stockCardLineItemReasons', reason('Expired'));
    const reply = await api('DELETE', `/stockCardLineItemReasons/${expired.id}`);
    expect(reply.status).toBe(409);
    expect(reply.body.messageKey).toBe('referenceData.error.stockCardLineItemReason.notDeletable');
    expect((await api('GET', `/stockCardLineItemReasons/${expired.id}`)).status).toBe(200);
    expect((await api('DELETE', `/stockCardLineItemReasons/${UNKNOWN}`)).status).toBe(404);
    expect((await api('GET', '/stockCardLineItemReasons/not-a-uuid')).body.messageKey).toBe('referenceData.error.stockCardLineItemReason.notFound');
  });

  it('comes with the reasons OpenLMIS creates, under OpenLMIS ids', async () => {
    const consumed = await api('GET', '/stockCardLineItemReasons/b5c27da7-bdda-4790-925a-9484c5dfb594');
    expect(consumed.body).toMatchObject({ name: 'Consumed', reasonCategory: 'ADJUSTMENT', reasonType: 'DEBIT', tags: ['consumed'] });
    const transferIn = await api('GET', '/stockCardLineItemReasons/e3fc3cf3-da18-44b0-a220-77c985202e06');
    expect(transferIn.body).toMatchObject({ name: 'Transfer In', reasonCategory: 'TRANSFER', reasonType: 'CREDIT' });
  });

  it('lists with paging and filters by name, type, category and tag', async () => {
    const credits = await api('GET', '/stockCardLineItemReasons?reasonType=CREDIT&reasonCategory=TRANSFER');
    expect(credits.body.content.map((r: any) => r.name).sort()).toEqual(['Transfer In', 'Transfer from NGO']);
    const received = await api('GET', '/stockCardLineItemReasons?tag=received&sort=name,desc');
    expect(received.body.content.map((r: any) => r.name)).toEqual(['Unpacked From Kit', 'Transfer from NGO', 'Receipts']);
    const page = await api('GET', '/stockCardLineItemReasons?name=damage&page=0&size=1');
    expect(page.body).toMatchObject({ totalElements: 2, totalPages: 2, size: 1, numberOfElements: 1 });
    expect((await api('GET', '/stockCardLineItemReasons?reasonType=GIFT')).status).toBe(400);
    expect((await api('GET', '/stockCardLineItemReasons?sort=colour')).status).toBe(400);
  });

  it('offers the types, the categories and the tags in use', async () => {
    expect((await api('GET', '/reasonTypes')).body).toEqual(['CREDIT', 'DEBIT', 'BALANCE_ADJUSTMENT']);
    expect((await api('GET', '/reasonCategories')).body).toEqual(['TRANSFER', 'ADJUSTMENT', 'PHYSICAL_INVENTORY', 'AGGREGATION']);
    expect((await api('GET', '/stockCardLineItemReasonTags')).body).toEqual(expect.arrayContaining(['consumed', 'received', 'transfer', 'loss']));
  });
});

describe('valid reasons', () => {
  let damage: any;
  beforeAll(async () => {
    damage = (await api('GET', '/stockCardLineItemReasons?name=Damage')).body.content.find((r: any) => r.name === 'Damage');
  });

  it('assigns a reason once per program and facility type; assigning again updates hidden', async () => {
    const first = await api('POST', '/validReasons', { programId: ids.fp, facilityTypeId: ids.hc, reason: damage });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), programId: ids.fp, facilityTypeId: ids.hc, hidden: false, reason: damage });
    const again = await api('POST', '/validReasons', { programId: ids.fp, facilityTypeId: ids.hc, reason: { id: damage.id }, hidden: true });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, hidden: true });
    const list = await api('GET', `/validReasons?program=${ids.fp}&facilityType=${ids.hc}&reason=${damage.id}`);
    expect(list.body.content.map((a: any) => a.id)).toEqual([first.body.id]);
    expect((await api('GET', `/validReasons?programId=${ids.fp}&hidden=false`)).body.totalElements).toBe(0);
    expect((await api('GET', '/validReasons?hidden=maybe')).status).toBe(400);
  });

  it('refuses unknown program, facility type and reason at once (400 naming them)', async () => {
    const reply = await api('POST', '/validReasons', { programId: UNKNOWN, facilityTypeId: UNKNOWN, reason: { id: UNKNOWN } });
    expect(reply.status).toBe(400);
    expect(reply.body.messageKey).toBe('referenceData.error.validReason.reference.unknown');
    expect(Object.keys(reply.body.details.unknown)).toEqual(['programId', 'facilityTypeId', 'reason.id']);
    expect(reply.body.message).toContain(`Program ${UNKNOWN} does not exist`);
  });

  it.each([
    ['no reason', { programId: UNKNOWN, facilityTypeId: UNKNOWN }, 'reason'],
    ['a reason without id', { programId: UNKNOWN, facilityTypeId: UNKNOWN, reason: { name: 'Damage' } }, 'reason.id'],
    ['a malformed program id', { programId: 'FP', facilityTypeId: UNKNOWN, reason: { id: UNKNOWN } }, 'programId'],
    ['hidden not a boolean', { programId: UNKNOWN, facilityTypeId: UNKNOWN, reason: { id: UNKNOWN }, hidden: 'no' }, 'hidden'],
  ])('refuses %s with 400 naming the field', async (_label, body, field) => {
    const reply = await api('POST', '/validReasons', body);
    expect(reply.status).toBe(400);
    expect(reply.body.messageKey).toBe('referenceData.error.validReason.invalid');
    expect(Object.keys(reply.body.details.fieldErrors)).toContain(field);
  });

  it('filters by program, facility type and reason type, with paging', async () => {
    const receipts = '313f2f5f-0c22-4626-8c49-3554ef763de3';
    for (const [programId, facilityTypeId] of [[ids.fp, ids.wh], [ids.em, ids.hc], [ids.em, ids.wh]]) {
      await api('POST', '/validReasons', { programId, facilityTypeId, reason: { id: receipts } });
    }
    const em = await api('GET', `/validReasons?programId=${ids.em}`);
    expect(em.body.totalElements).toBe(2);
    const debits = await api('GET', `/validReasons?programId=${ids.fp}&reasonType=DEBIT`);
    expect(debits.body.content.map((a: any) => a.reason.name)).toEqual(['Damage']);
    const page = await api('GET', `/validReasons?reasonId=${receipts}&page=1&size=2&sort=reasonName`);
    expect(page.body).toMatchObject({ totalElements: 3, number: 1, numberOfElements: 1 });
    expect((await api('GET', '/validReasons?program=FP')).status).toBe(400);
    expect((await api('GET', '/validReasons?reasonType=GIFT')).status).toBe(400);
  });

  it('removes an assignment (204), then knows it no more (404)', async () => {
    const { body } = await api('POST', '/validReasons', { programId: ids.em, facilityTypeId: ids.hc, reason: damage });
    expect((await api('DELETE', `/validReasons/${body.id}`)).status).toBe(204);
    expect((await api('GET', `/validReasons/${body.id}`)).body.messageKey).toBe('referenceData.error.validReason.notFound');
    expect((await api('DELETE', `/validReasons/${body.id}`)).status).toBe(404);
    expect((await api('GET', `/stockCardLineItemReasons/${damage.id}`)).status).toBe(200);
  });
});

describe('organizations', () => {
  it('creates, reads and updates with optimistic locking', async () => {
    const ngo = await created('/organizations', { code: 'NGO1', name: 'Relief NGO' });
    expect(ngo).toEqual({ id: expect.any(String), code: 'NGO1', name: 'Relief NGO', description: null, active: true, version: 1 });
    const updated = await api('PUT', `/organizations/${ngo.id}`, { ...ngo, description: 'Donates vaccines' }, { 'If-Match': 'W/"1"' });
    expect(updated.body).toMatchObject({ description: 'Donates vaccines', version: 2 });
    const stale = await api('PUT', `/organizations/${ngo.id}`, { ...ngo, name: 'Lost update' });
    expect(stale.status).toBe(409);
    expect(stale.body.messageKey).toBe('referenceData.error.organization.versionConflict');
  });

  it.each([
    ['a name taken', { code: 'NEW1', name: 'Global Donor' }, 409, 'referenceData.error.organization.name.duplicated'],
    ['a code taken', { code: 'DONOR', name: 'Another donor' }, 409, 'referenceData.error.organization.code.duplicated'],
    ['no code', { name: 'Codeless' }, 400, 'referenceData.error.organization.invalid'],
    ['no name', { code: 'NONAME' }, 400, 'referenceData.error.organization.invalid'],
    ['active not a boolean', { code: 'X', name: 'X', active: 'no' }, 400, 'referenceData.error.organization.invalid'],
  ])('refuses %s', async (_label, body, status, messageKey) => {
    const reply = await api('POST', '/organizations', body);
    expect(reply.status).toBe(status);
    expect(reply.body.messageKey).toBe(messageKey);
  });

  it('keeps names case-sensitive', async () => {
    expect((await api('POST', '/organizations', { code: 'donor2', name: 'global donor' })).status).toBe(201);
  });

  it('is deactivated, never deleted', async () => {
    const reply = await api('DELETE', `/organizations/${ids.funeral}`);
    expect(reply.status).toBe(409);
    expect(reply.body.messageKey).toBe('referenceData.error.organization.notDeletable');
    expect((await api('GET', `/organizations/${ids.oldNgo}`)).body.active).toBe(false);
    expect((await api('GET', '/organizations?name=donor&sort=name')).body.content.map((o: any) => o.code)).toEqual(['DONOR', 'donor2']);
  });
});

describe.each([
  ['/validSources', 'validSource'],
  ['/validDestinations', 'validDestination'],
])('%s', (path, key) => {
  const assignment = (referenceId: string, extra: Record<string, unknown> = {}) => ({ programId: ids.fp, facilityTypeId: ids.hc, node: { referenceId }, ...extra });

  it('assigns a facility, named through the directory, once per program, facility type and node', async () => {
    const first = await api('POST', path, assignment(ids.zombaStore));
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      programId: ids.fp,
      facilityTypeId: ids.hc,
      node: { id: expect.any(String), referenceId: ids.zombaStore, refDataFacility: true },
      name: 'Zomba District Store',
      isFreeTextAllowed: false,
      geoLevelAffinityId: null,
    });
    const again = await api('POST', path, first.body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await api('GET', `${path}/${first.body.id}`)).body).toEqual(first.body);
  });

  it('assigns an organization, which allows free text', async () => {
    const reply = await api('POST', path, assignment(ids.donor));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ node: { referenceId: ids.donor, refDataFacility: false }, name: 'Global Donor', isFreeTextAllowed: true });
  });

  it.each([
    ['an unknown program, facility type, level and node at once', () => ({ programId: UNKNOWN, facilityTypeId: UNKNOWN, node: { referenceId: 'nowhere' }, geoLevelAffinityId: UNKNOWN }), 'reference.unknown'],
    ['a zone as the node', () => assignment(ids.zomba), 'node.notFacility'],
    ['an inactive facility', () => assignment(ids.closed), 'node.inactive'],
    ['an inactive organization', () => assignment(ids.oldNgo), 'node.inactive'],
    ['a geographic level affinity on an organization', () => assignment(ids.donor, { geoLevelAffinityId: ids.district }), 'geoLevelAffinity.organization'],
    ['no node', () => ({ programId: ids.fp, facilityTypeId: ids.hc }), 'invalid'],
    ['a node without reference id', () => ({ ...assignment('x'), node: { id: UNKNOWN } }), 'invalid'],
    ['a malformed facility type id', () => ({ ...assignment(ids.clinic), facilityTypeId: 'hc' }), 'invalid'],
    ['an unknown field', () => ({ ...assignment(ids.clinic), colour: 'red' }), 'invalid'],
  ])('refuses %s with 400', async (_label, body, problem) => {
    const reply = await api('POST', path, body());
    expect(reply.status).toBe(400);
    expect(reply.body.messageKey).toBe(`referenceData.error.${key}.${problem}`);
  });

  it('names every unknown reference', async () => {
    const reply = await api('POST', path, { programId: UNKNOWN, facilityTypeId: ids.hc, node: { referenceId: 'nowhere' }, geoLevelAffinityId: UNKNOWN });
    expect(reply.body.details.unknown).toEqual({
      programId: `Program ${UNKNOWN} does not exist`,
      geoLevelAffinityId: `Geographic level ${UNKNOWN} does not exist`,
      'node.referenceId': 'No facility or organization has id nowhere',
    });
  });

  it('lists by program and facility type together, sorted by name, with paging', async () => {
    await api('POST', path, assignment(ids.balakaStore));
    await api('POST', path, assignment(ids.clinic, { programId: ids.em }));
    const fp = await api('GET', `${path}?programId=${ids.fp}&facilityTypeId=${ids.hc}`);
    expect(fp.body.content.map((a: any) => a.name)).toEqual(['Balaka District Store', 'Global Donor', 'Zomba District Store']);
    const aliases = await api('GET', `${path}?program=${ids.fp}&facilityType=${ids.hc}&page=1&size=2&sort=name,desc`);
    expect(aliases.body).toMatchObject({ totalElements: 3, number: 1, numberOfElements: 1 });
    expect(aliases.body.content[0].name).toBe('Balaka District Store');
    expect((await api('GET', path)).body.totalElements).toBe(4);
    const alone = await api('GET', `${path}?programId=${ids.fp}`);
    expect(alone.status).toBe(400);
    expect(alone.body.message).toContain('programId and facilityTypeId go together');
    expect((await api('GET', `${path}?programId=x&facilityTypeId=${ids.hc}`)).status).toBe(400);
  });

  it('offers a node with a geographic level affinity only to facilities in the same zone at that level', async () => {
    await api('POST', path, assignment(ids.zombaStore, { facilityTypeId: ids.wh, geoLevelAffinityId: ids.district }));
    await api('POST', path, assignment(ids.balakaStore, { facilityTypeId: ids.wh, geoLevelAffinityId: ids.district }));
    await api('POST', path, assignment(ids.donor, { facilityTypeId: ids.wh }));
    const forZomba = await api('GET', `${path}?programId=${ids.fp}&facilityTypeId=${ids.wh}&facilityId=${ids.clinic}`);
    expect(forZomba.body.content.map((a: any) => a.name)).toEqual(['Global Donor', 'Zomba District Store']);
    const everyone = await api('GET', `${path}?programId=${ids.fp}&facilityTypeId=${ids.wh}`);
    expect(everyone.body.totalElements).toBe(3);
    expect((await api('GET', `${path}?programId=${ids.fp}&facilityTypeId=${ids.wh}&facilityId=${ids.zomba}`)).status).toBe(400);
  });

  it('removes an assignment (204), keeping the node for other assignments', async () => {
    const kept = await api('POST', path, assignment(ids.funeral));
    const removed = await api('POST', path, assignment(ids.funeral, { programId: ids.em }));
    expect(removed.body.node.id).toBe(kept.body.node.id);
    expect((await api('DELETE', `${path}/${removed.body.id}`)).status).toBe(204);
    expect((await api('DELETE', `${path}/${removed.body.id}`)).body.messageKey).toBe(`referenceData.error.${key}.notFound`);
    expect((await api('GET', `${path}/${kept.body.id}`)).body.node.referenceId).toBe(ids.funeral);
  });
});

describe('services inside an import transaction', () => {
  it('share one transaction: all commit together, or none does', async () => {
    const { dataSource, fhir: layer } = app.platform;
    const importAll = (tag: string) =>
      dataSource.transaction(async (manager) => {
        const lost = await stockReasonService(manager).upsertByName(reason(`Lost ${tag}`, { isFreeTextAllowed: true }));
        await validReasonService(manager).assign({ programId: ids.em, facilityTypeId: ids.wh, reason: { id: lost.id }, hidden: false });
        const church = await organizationService(manager).upsertByCode({ code: `CH-${tag}`, name: `Church ${tag}`, active: true });
        const sources = validSourceService(manager, layer.directory);
        const referenceId = await sources.nodeReference({ organizationName: church.name });
        await sources.assign({ programId: ids.em, facilityTypeId: ids.wh, node: { referenceId } });
        return lost;
      });
    const lost = await importAll('A');
    expect((await api('GET', `/validReasons?reasonId=${lost.id}`)).body.totalElements).toBe(1);
    expect((await api('GET', `/validSources?programId=${ids.em}&facilityTypeId=${ids.wh}`)).body.content.map((a: any) => a.name)).toEqual(['Church A']);

    await expect(
      dataSource.transaction(async (manager) => {
        await stockReasonService(manager).upsertByName(reason('Lost B'));
        await validSourceService(manager, layer.directory).assign({ programId: ids.em, facilityTypeId: ids.wh, node: { referenceId: 'nowhere' } });
      }),
    ).rejects.toMatchObject({ status: 400, messageKey: 'referenceData.error.validSource.reference.unknown' });
    expect((await api('GET', '/stockCardLineItemReasons?name=Lost B')).body.totalElements).toBe(0);
  });

  it('upsert by natural key: a re-import updates rather than duplicates', async () => {
    const service = stockReasonService(app.platform.dataSource);
    const first = await service.upsertByName(reason('Passed open-vial time limit'));
    const second = await service.upsertByName(reason('Passed open-vial time limit', { tags: ['vvm'] }));
    expect(second).toMatchObject({ id: first.id, tags: ['vvm'], version: 2 });
    const sources = validSourceService(app.platform.dataSource, app.platform.fhir.directory);
    const referenceId = await sources.nodeReference({ organizationCode: 'DONOR' });
    const again = await sources.assign({ programId: ids.fp, facilityTypeId: ids.hc, node: { referenceId } });
    expect(again.created).toBe(false);
    await expect(sources.nodeReference({ facilityCode: 'NO-SUCH-CODE' })).rejects.toMatchObject({ status: 400 });
  });
});
