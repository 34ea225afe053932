/**
 * CSV import and export: the guide's example tables load in its order; a file with any bad row is
 * refused whole with every error by row and column and writes nothing; dry runs write nothing;
 * re-importing is idempotent; an export imports back unchanged; big files run as jobs with progress.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fhir } from '../helpers/fhir.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

async function upload(type: string, csv: string, query = 'wait=true') {
  const response = await fetch(`${app.url}/api/imports/${type}?${query}`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
  return { status: response.status, body: (await response.json()) as any };
}

async function exported(type: string): Promise<string> {
  const response = await fetch(`${app.url}/api/exports/${type}`);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  return response.text();
}

const count = async (path: string) => ((await (await fetch(`${app.url}/api${path}`)).json()) as any).totalElements as number;

const GUIDE = {
  programs: `Program Code (required),Name (required),Description (optional),Active (required),Period Skippable (required),Show Non Full Supply tab (required),Skip Authorization Step (required)
PRG002,Essential Meds,Essential Medicines Program,TRUE,TRUE,TRUE,FALSE
PRG001,Family Planning,Family Planning,TRUE,TRUE,FALSE,FALSE
PRG004,EPI,EPI,TRUE,TRUE,TRUE,TRUE
`,
  processingSchedules: 'Code,Name,Description\nMPS,Monthly,Monthly periods\n',
  processingPeriods: `Name (required),Description (required),Start Date (required),End Date (required),Processing Schedule (required),Report Only (requisition setting)
Jan-18,Processing period for January 2018,1/1/18,1/31/18,MPS,FALSE
Feb-18,Processing period for February 2018,2/1/18,2/28/18,MPS,TRUE
Mar-18,Processing period for March 2018,3/1/18,3/31/18,MPS,TRUE
`,
  geographicLevels: 'Code (required),Name (required),Level Number (required)\nCountry,Country,1\nZone,Zone,2\nDistrict,District,3\n',
  geographicZones: `Code (required),Name (required),Level (required),Parent (optional),Catchment Population (optional),Latitude (optional),Longitude (optional)
Malaw,Malawi,Country,,17563749,-13.25431,34.30152
cwes,Central West,Zone,Malaw,,,
cest,Central East,Zone,Malaw,,,
seas,South East,Zone,Malaw,,,
NU,Ntcheu,District,cwes,659608,-14.81667,34.63333
LL,Lilongwe,District,cwes,,,
BLK,Balaka,District,seas,,,
`,
  facilityTypes: 'Facility Type (required),Name (required),Description (optional),Display Order (required),Active (required)\nwarehouse,Warehouse,District warehouse,3,Yes\nhealth_center,Health Center,Health centre,1,Yes\ndistrict_hospital,District Hospital,District hospital,2,Yes\n',
  facilityOperators: 'Code,Name,Description,Display Order\nMOH,Ministry of Health,Ministry of Health,1\n',
  facilities: `Facility Code (required),Name (required),Description (optional),Geographic Zone (required),Facility Type Code (required),Facility Operator (optional),Active (required),Go Live Date (Operational Date - required),Go Down Date (optional),Comment (optional),Enabled (required)
HF01,Kankao Health Facility,,BLK,health_center,MOH,YES,2016-01-01,,,YES
WH01,Ntcheu District Warehouse,,NU,warehouse,MOH,YES,01/01/2016,,,YES
`,
  facilityPrograms: `Facility Code (required),Program Code (required),Program is Active (required),Start Date (optional),Locally Fulfilled (optional)
HF01,Family Planning,YES,2017-01-01,FALSE
HF01,PRG002,YES,2017-01-01,FALSE
WH01,PRG004,YES,2017-01-01,TRUE
`,
};

describe('the guide\'s tables, in its order', () => {
  it('import one after another', async () => {
    for (const [type, csv] of Object.entries(GUIDE)) {
      const reply = await upload(type, csv);
      expect({ type, status: reply.status, errors: reply.body.report?.errors }).toEqual({ type, status: 200, errors: [] });
      expect(reply.body).toMatchObject({ status: 'succeeded', report: { committed: true, created: csv.trim().split('\n').length - 1, updated: 0 } });
    }
    const hf01 = (await (await fetch(`${app.url}/api/facilities?code=HF01`)).json()) as any;
    expect(hf01.content[0]).toMatchObject({ geographicZone: { code: 'BLK' }, type: { code: 'health_center' }, operator: { code: 'MOH' }, goLiveDate: '2016-01-01' });
    expect(hf01.content[0].supportedPrograms.map((p: any) => p.code).sort()).toEqual(['PRG001', 'PRG002']);
    const periods = (await (await fetch(`${app.url}/api/processingPeriods`)).json()) as any;
    expect(periods.content.map((p: any) => [p.name, p.startDate, p.endDate])).toEqual([['Jan-18', '2018-01-01', '2018-01-31'], ['Feb-18', '2018-02-01', '2018-02-28'], ['Mar-18', '2018-03-01', '2018-03-31']]);
  });

  it('re-import idempotently: everything updated, nothing created, no new FHIR versions', async () => {
    for (const [type, csv] of Object.entries(GUIDE)) {
      const reply = await upload(type, csv);
      expect({ type, created: reply.body.report.created, errors: reply.body.report.errors }).toEqual({ type, created: 0, errors: [] });
    }
    const hf01 = (await (await fetch(`${app.url}/api/facilities?code=HF01`)).json()) as any;
    const location = await fhir(app.url, 'GET', `/Location/${hf01.content[0].id}`);
    expect(location.body.meta.versionId).toBe('3'); // created, then two programs added; re-imports changed nothing
  });

  it('export files that import back unchanged', async () => {
    for (const type of ['programs', 'geographicZones', 'facilities', 'facilityPrograms', 'processingPeriods']) {
      const csv = await exported(type);
      const reply = await upload(type, csv);
      expect({ type, status: reply.status, created: reply.body.report.created, errors: reply.body.report.errors }).toEqual({ type, status: 200, created: 0, errors: [] });
    }
    expect(await exported('geographicZones')).toMatch(/^Code,Name,Level,Parent,Catchment Population,Latitude,Longitude\nMalaw,Malawi,Country,,17563749,-13.25431,34.30152\n/);
  });
});

describe('a file with bad rows', () => {
  const bad = `Facility Code,Name,Geographic Zone,Facility Type Code,Active,Go Live Date,Enabled
HF10,Good Clinic,NU,health_center,YES,2019-05-01,YES
HF11,,NU,health_center,YES,2019-05-01,YES
HF12,Nowhere Clinic,ATLANTIS,health_center,YES,2019-05-01,YES
HF13,Bad Date Clinic,NU,health_center,YES,2019-02-30,YES
HF14,Odd Flag Clinic,NU,health_center,maybe,2019-05-01,YES
HF10,Twice Clinic,NU,health_center,YES,2019-05-01,YES
WH01,Clash With Existing Type,NU,spaceport,YES,2019-05-01,YES
`;

  it('is refused whole, listing every error by row and column, and writes nothing', async () => {
    const before = await count('/facilities');
    const reply = await upload('facilities', bad);
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ status: 'rejected', messageKey: 'referenceData.error.import.rejected', report: { committed: false } });
    const errors = reply.body.report.errors.map((e: any) => [e.row, e.column]);
    expect(errors).toEqual([
      [3, 'Name'],
      [4, 'Geographic Zone'],
      [5, 'Go Live Date'],
      [6, 'Active'],
      [7, 'Facility Code'],
      [8, 'Facility Type Code'],
    ]);
    expect(await count('/facilities')).toBe(before);
    expect((await fhir(app.url, 'GET', '/Location?identifier=https://lastmile.health/fhir/sid/code|HF10')).body.total ?? 0).toBe(0);
  });

  it('with a wrong header is refused before any row', async () => {
    const reply = await upload('programs', 'Program Code,Colour\nP9,red\n');
    expect(reply.status).toBe(422);
    expect(reply.body.report.errors).toEqual([
      { row: 1, column: 'Colour', message: expect.stringContaining('unknown column') },
      { row: 1, column: 'Name', message: 'the required column is missing' },
    ]);
  });

  it('an empty file, an unknown type and a wrong content type are clear errors', async () => {
    expect((await upload('programs', '')).body.report.errors).toEqual([{ row: 1, message: expect.stringContaining('empty') }]);
    expect((await upload('spaceships', 'a\n1\n')).status).toBe(404);
    const json = await fetch(`${app.url}/api/imports/programs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
  });
});

describe('dry runs and jobs', () => {
  it('a dry run validates a good file and writes nothing', async () => {
    const reply = await upload('programs', 'Program Code,Name\nDRY1,Dry run program\n', 'wait=true&dryRun=true');
    expect(reply).toMatchObject({ status: 200, body: { status: 'succeeded', dryRun: true, report: { committed: false, created: 1, errors: [] } } });
    expect(await count('/programs?code=DRY1')).toBe(0);
  });

  it('without wait, answers 202 with a job whose progress can be polled to the end', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `JOB${i},Job program ${i}`).join('\n');
    const started = await upload('programs', `Program Code,Name\n${rows}\n`, '');
    expect(started.status).toBe(202);
    let job = started.body;
    for (let i = 0; i < 200 && !job.finishedAt; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await (await fetch(`${app.url}/api/imports/jobs/${started.body.id}`)).json();
    }
    expect(job).toMatchObject({ status: 'succeeded', totalRows: 300, rowsDone: 300, report: { created: 300 } });
    expect((await fetch(`${app.url}/api/imports/jobs/nope`)).status).toBe(404);
  });

  it('lists the types in the guide\'s load order', async () => {
    const types = (await (await fetch(`${app.url}/api/imports/types`)).json()) as any[];
    const order = types.map((t) => t.type);
    expect(order.indexOf('geographicLevels')).toBeLessThan(order.indexOf('geographicZones'));
    expect(order.indexOf('geographicZones')).toBeLessThan(order.indexOf('facilities'));
    expect(order.indexOf('facilities')).toBeLessThan(order.indexOf('facilityPrograms'));
  });
});
