/**
 * The demo users: with the demo country loaded at first start, OpenLMIS's demo usernames exist with
 * the role assignments of the configuration guide's examples, mapped onto the demo country (SN-CENTRAL
 * above SN-NTCHEU, SN-SOUTH above SN-BALAKA), and their permission strings follow.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { apiCall } from '../helpers/api.js';
import { rightsOfType } from '../../api/auth/rights/right-catalogue.js';

let app: TestApp;
const facility: Record<string, string> = {};
const program: Record<string, string> = {};
const user: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp({ LASTMILE_DEMO: 'true' });
  for (const f of (await get('/facilities')).content) facility[f.code] = f.id;
  for (const p of (await get('/programs')).content) program[p.code] = p.id;
  for (const u of (await get('/users')).content) user[u.username] = u.id;
}, 120_000);
afterAll(() => app.stop());

async function get(path: string) {
  const reply = await apiCall(app.url, 'GET', path);
  if (reply.status !== 200) throw new Error(`GET ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const stringsOf = (username: string): Promise<string[]> => get(`/users/${user[username]}/permissionStrings`);
/** `RIGHT|facility|program` for facility and program codes. */
const at = (rights: string[], facilities: string[], programCode?: string) =>
  rights.flatMap((right) => facilities.map((code) => [right, facility[code], programCode && program[programCode]].filter(Boolean).join('|')));
const sorted = (list: string[]) => [...new Set(list)].sort();

describe('the demo users', () => {
  it('are OpenLMIS\'s demo usernames, active, with home facilities in the demo country', async () => {
    expect(Object.keys(user).sort()).toEqual(
      ['administrator', 'divo1', 'divo2', 'dsrmanager', 'psupervisor', 'smanager1', 'smanager2', 'smanager3', 'smanager4', 'srmanager1', 'srmanager2', 'srmanager3', 'srmanager4', 'wclerk1', 'wclerk2'].sort(),
    );
    const dsrmanager = await get(`/users/${user.dsrmanager}`);
    expect(dsrmanager).toMatchObject({ firstName: 'Blessings', lastName: 'Kalagho', active: true, homeFacilityId: facility.DH01 });
    expect((await get(`/users/${user.psupervisor}`)).homeFacilityId).toBeNull();
  });

  it('srmanager2 manages requisitions, stock and deliveries for FP and EM at HC01 only (the guide\'s stock example)', async () => {
    const rights = ['REQUISITION_VIEW', 'REQUISITION_CREATE', 'REQUISITION_DELETE', 'STOCK_ADJUST', 'STOCK_INVENTORIES_EDIT', 'STOCK_CARDS_VIEW', 'PODS_VIEW', 'PODS_MANAGE'];
    expect(await stringsOf('srmanager2')).toEqual(sorted([...at(rights, ['HC01'], 'PRG001'), ...at(rights, ['HC01'], 'PRG002')]));
  });

  it('dsrmanager approves FP in Ntcheu and, through SN-CENTRAL, the Central region; EM across SN-CENTRAL and its child node', async () => {
    const ntcheuFp = ['DH01', 'HC01', 'HC05', 'HC06', 'HC11'];
    const centralFp = ['DH03', 'HC07', 'HC08', 'HC13'];
    // EM where the facilities run it: HC06, HC11 (Ntcheu) and HC13 (Central) do not
    const em = ['DH01', 'HC01', 'HC05', 'DH03', 'HC07', 'HC08'];
    const approveAndView = ['REQUISITION_APPROVE', 'REQUISITION_VIEW'];
    const reports = rightsOfType('REPORTS').filter((r) => r !== 'REPORT_TEMPLATES_EDIT');
    expect(await stringsOf('dsrmanager')).toEqual(
      sorted([
        ...at(approveAndView, [...ntcheuFp, ...centralFp], 'PRG001'),
        ...at(approveAndView, em, 'PRG002'),
        ...at(['REQUISITION_VIEW', 'REQUISITION_CREATE', 'REQUISITION_DELETE'], ['DH01'], 'PRG002'),
        ...reports,
      ]),
    );
  });

  it('wclerk1 fills orders at WH01 and views FP requisitions there', async () => {
    expect(await stringsOf('wclerk1')).toEqual(sorted([...at(['ORDERS_VIEW', 'ORDERS_EDIT', 'SHIPMENTS_VIEW', 'SHIPMENTS_EDIT'], ['WH01']), ...at(['REQUISITION_VIEW'], ['WH01'], 'PRG001')]));
  });

  it('divo1 supervises EPI in Ntcheu district, manages the WH01 vaccine store, and nothing in Balaka', async () => {
    const strings = await stringsOf('divo1');
    for (const code of ['DH01', 'HC01', 'HC05', 'HC06']) expect(strings).toContain(at(['REQUISITION_APPROVE'], [code], 'PRG004')[0]);
    expect(strings).not.toContain(at(['REQUISITION_APPROVE'], ['HC11'], 'PRG004')[0]); // HC11 runs no EPI
    expect(strings).toEqual(expect.arrayContaining([...at(['STOCK_ADJUST', 'CCE_INVENTORY_EDIT'], ['WH01'], 'PRG004'), ...at(['ORDERS_EDIT', 'SHIPMENTS_EDIT'], ['WH01'])]));
    expect(strings.some((s) => s.includes(facility.DH02) || s.includes(facility.WH02))).toBe(false);
  });

  it('psupervisor approves FP and EM across the Central region without a home facility', async () => {
    const strings = await stringsOf('psupervisor');
    expect(strings).toContain(at(['REQUISITION_APPROVE'], ['HC01'], 'PRG001')[0]);
    expect(strings).toContain(at(['REQUISITION_APPROVE'], ['HC07'], 'PRG002')[0]);
    expect(strings.some((s) => s.includes(facility.HC02))).toBe(false);
  });

  it('administrator administers everything, reports, and fills orders at every warehouse', async () => {
    const strings = await stringsOf('administrator');
    expect(strings).toEqual(expect.arrayContaining([...rightsOfType('GENERAL_ADMIN'), 'REPORTS_VIEW', ...at(['ORDERS_EDIT'], ['WH01', 'WH02', 'CMST'])]));
    expect(strings).toContain(at(['REQUISITION_APPROVE'], ['HC02'], 'PRG001')[0]);
    expect((await get(`/users/${user.administrator}/hasRight?right=USERS_MANAGE`)).result).toBe(true);
    expect((await get(`/users/${user.smanager1}/hasRight?right=USERS_MANAGE`)).result).toBe(false);
  });

  it('every demo user holds some right, and nobody holds a right for a program at a facility outside its reach', async () => {
    for (const username of Object.keys(user)) expect({ username, count: (await stringsOf(username)).length > 0 }).toEqual({ username, count: true });
    expect(await stringsOf('smanager1')).toEqual(sorted(at(['REQUISITION_VIEW', 'REQUISITION_AUTHORIZE', 'REQUISITION_DELETE', 'PODS_VIEW', 'PODS_MANAGE'], ['HC02'], 'PRG001')));
  });
});
