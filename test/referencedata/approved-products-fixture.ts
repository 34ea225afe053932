/**
 * What the approved product and ideal stock amount tests share: the platform on a fresh database
 * with, made through the REST API, the guide's programs (em, tb, fp), facility types (heac, DHO),
 * orderables ordered under some programs, two UNSPSC commodity types, schedule SCH001 with
 * periods Dec2017 to Mar2018, and facilities N030 (heac) and N080 (DHO) in zone NU.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { apiCall, apiCreate } from '../helpers/api.js';

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export interface Fixture {
  app: TestApp;
  ids: Record<string, string>;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** POSTs and insists on 201: for steps that are not what a test is about. */
  created(path: string, body: unknown): Promise<any>;
  upload(type: string, csv: string, query?: string): Promise<Reply>;
  exported(type: string): Promise<string>;
}

export const UNKNOWN_UUID = '7c1d7e1a-0000-4000-8000-000000000000';

export async function startFixture(): Promise<Fixture> {
  const app = await startTestApp();
  const fixture = tools(app);
  await createPrerequisites(fixture);
  return fixture;
}

function tools(app: TestApp): Fixture {
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => apiCall(app.url, method, path, body, headers);
  const created = (path: string, body: unknown) => apiCreate(app.url, path, body);
  const upload = async (type: string, csv: string, query = 'wait=true') => {
    const response = await fetch(`${app.url}/api/imports/${type}?${query}`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };
  const exported = async (type: string) => (await fetch(`${app.url}/api/exports/${type}`)).text();
  return { app, ids: {}, api, created, upload, exported };
}

async function createPrerequisites({ ids, created }: Fixture): Promise<void> {
  for (const [code, name] of [['em', 'Essential Meds'], ['tb', 'TB'], ['fp', 'Family Planning']]) ids[code] = (await created('/programs', { code, name })).id;
  ids.heac = (await created('/facilityTypes', { code: 'heac', name: 'Health Center', displayOrder: 1 })).id;
  ids.DHO = (await created('/facilityTypes', { code: 'DHO', name: 'District Hospital', displayOrder: 2 })).id;
  const category = (await created('/orderableDisplayCategories', { code: 'MED', name: 'Medicines', displayOrder: 1 })).id;
  await created('/dispensingUnits', { code: 'Each', name: 'Each', displayOrder: 1 });
  ids.measles = (await created('/commodityTypes', { name: 'Measles vaccine', classificationSystem: 'UNSPSC', classificationId: '51201621' })).id;
  ids.bcg = (await created('/commodityTypes', { name: 'BCG vaccine', classificationSystem: 'UNSPSC', classificationId: '51201647' })).id;

  const inProgram = (program: string, fullSupply: boolean) => ({ programId: ids[program], orderableDisplayCategoryId: category, fullSupply, displayOrder: 1 });
  const orderable = (productCode: string, programs: object[]) => ({ productCode, fullProductName: `Product ${productCode}`, netContent: 1, packRoundingThreshold: 0, roundToZero: false, programs });
  ids.TB000100 = (await created('/orderables', orderable('TB000100', [inProgram('em', true), inProgram('tb', false)]))).id;
  ids.AA000300 = (await created('/orderables', orderable('AA000300', [inProgram('em', true)]))).id;
  ids.FP000001 = (await created('/orderables', orderable('FP000001', [inProgram('fp', true)]))).id;

  ids.SCH001 = (await created('/processingSchedules', { code: 'SCH001', name: 'Monthly' })).id;
  const months = [['Dec2017', '2017-12-01', '2017-12-31'], ['Jan2018', '2018-01-01', '2018-01-31'], ['Feb2018', '2018-02-01', '2018-02-28'], ['Mar2018', '2018-03-01', '2018-03-31']];
  for (const [name, startDate, endDate] of months) ids[name] = (await created('/processingPeriods', { processingScheduleId: ids.SCH001, name, startDate, endDate })).id;

  await created('/geographicLevels', { code: 'Country', name: 'Country', levelNumber: 1 });
  await created('/geographicLevels', { code: 'District', name: 'District', levelNumber: 2 });
  ids.MW = (await created('/geographicZones', { code: 'MW', name: 'Malawi', level: { code: 'Country' } })).id;
  ids.NU = (await created('/geographicZones', { code: 'NU', name: 'Ntcheu', level: { code: 'District' }, parent: { code: 'MW' } })).id;
  const facility = (code: string, type: string) => ({ code, name: `Facility ${code}`, geographicZone: { code: 'NU' }, type: { code: type }, active: true, enabled: true, goLiveDate: '2016-01-01' });
  ids.N030 = (await created('/facilities', facility('N030', 'heac'))).id;
  ids.N080 = (await created('/facilities', facility('N080', 'DHO'))).id;
}
