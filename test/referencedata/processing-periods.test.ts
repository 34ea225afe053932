/** Processing schedules and periods: contiguous periods, last-only removal, immutable dates, the generator. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { apiCall } from '../helpers/api.js';

let app: TestApp;
let schedule: string;
beforeAll(async () => {
  app = await startTestApp();
  schedule = (await api('POST', '/processingSchedules', { code: 'MPS', name: 'Monthly' })).body.id;
});
afterAll(() => app.stop());

function api(method: string, path: string, body?: unknown) {
  return apiCall(app.url, method, path, body);
}

const period = (name: string, startDate: string, endDate: string, extra: Record<string, unknown> = {}) => ({ processingScheduleId: schedule, name, startDate, endDate, ...extra });

describe('processing periods', () => {
  it('follow the guide example: contiguous months, each starting the day after the previous ends', async () => {
    const jan = await api('POST', '/processingPeriods', period('Jan-18', '2018-01-01', '2018-01-31', { description: 'Processing period for January 2018' }));
    expect(jan.status).toBe(201);
    expect(jan.body).toMatchObject({ name: 'Jan-18', startDate: '2018-01-01', endDate: '2018-01-31', reportOnly: false, durationInMonths: 1 });
    expect((await api('POST', '/processingPeriods', period('Feb-18', '2018-02-01', '2018-02-28', { reportOnly: true }))).status).toBe(201);
    const gap = await api('POST', '/processingPeriods', period('Apr-18', '2018-04-01', '2018-04-30'));
    expect(gap.status).toBe(400);
    expect(gap.body.messageKey).toBe('referenceData.error.processingPeriod.notContiguous');
    expect(gap.body.message).toContain('2018-03-01');
    const overlap = await api('POST', '/processingPeriods', period('Feb-b', '2018-02-15', '2018-03-31'));
    expect(overlap.status).toBe(400);
  });

  // Bodies are made when each test runs: the schedule only exists after beforeAll.
  it.each([
    ['an end before the start', () => period('Bad', '2018-03-10', '2018-03-01'), 400, 'referenceData.error.processingPeriod.dates'],
    ['an end on the start day', () => period('Bad', '2018-03-01', '2018-03-01'), 400, 'referenceData.error.processingPeriod.dates'],
    ['a malformed date', () => period('Bad', '2018-3-1', '2018-03-31'), 400, 'referenceData.error.processingPeriod.invalid'],
    ['an impossible date', () => period('Bad', '2018-02-30', '2018-03-31'), 400, 'referenceData.error.processingPeriod.invalid'],
    ['an unknown schedule', () => ({ ...period('Bad', '2018-03-01', '2018-03-31'), processingScheduleId: '7c1d7e1a-0000-4000-8000-000000000000' }), 404, 'referenceData.error.processingSchedule.notFound'],
    ['a name the schedule already has', () => period('Jan-18', '2018-03-01', '2018-03-31'), 409, 'referenceData.error.processingPeriod.name.duplicated'],
  ])('refuses %s', async (_label, body, status, messageKey) => {
    const reply = await api('POST', '/processingPeriods', body());
    expect(reply.status).toBe(status);
    expect(reply.body.messageKey).toBe(messageKey);
  });

  it('let names change but never dates', async () => {
    const [feb] = (await api('GET', `/processingPeriods?processingScheduleId=${schedule}&startDate=2018-02-10&endDate=2018-02-11`)).body.content;
    const renamed = await api('PUT', `/processingPeriods/${feb.id}`, { ...feb, name: 'February 2018' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'February 2018', version: 2 });
    const moved = await api('PUT', `/processingPeriods/${feb.id}`, { ...renamed.body, endDate: '2018-03-15' });
    expect(moved.status).toBe(400);
    expect(moved.body.messageKey).toBe('referenceData.error.processingPeriod.immutable');
    const stale = await api('PUT', `/processingPeriods/${feb.id}`, { ...feb, name: 'Lost' });
    expect(stale.status).toBe(409);
    const { version: _version, ...unversioned } = feb;
    const staleHeader = await fetch(`${app.url}/api/processingPeriods/${feb.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'If-Match': 'W/"1"' },
      body: JSON.stringify({ ...unversioned, name: 'Lost too' }),
    });
    expect(staleHeader.status).toBe(409);
  });

  it('remove only the last period of a schedule', async () => {
    const { content } = (await api('GET', `/processingPeriods?processingScheduleId=${schedule}&sort=startDate`)).body;
    const [jan, feb] = content;
    const middle = await api('DELETE', `/processingPeriods/${jan.id}`);
    expect(middle.status).toBe(409);
    expect(middle.body.messageKey).toBe('referenceData.error.processingPeriod.notLast');
    expect((await api('DELETE', `/processingPeriods/${feb.id}`)).status).toBe(204);
    expect((await api('GET', `/processingPeriods/${feb.id}`)).status).toBe(404);
    expect((await api('POST', '/processingPeriods', period('Feb-18', '2018-02-01', '2018-02-28'))).status).toBe(201);
  });

  it('generates contiguous months or quarters up to a date', async () => {
    const months = await api('POST', `/processingSchedules/${schedule}/periods/generate`, { unit: 'month', until: '2018-12-31' });
    expect(months.status).toBe(201);
    expect(months.body.map((p: any) => p.name)).toEqual(['Mar 2018', 'Apr 2018', 'May 2018', 'Jun 2018', 'Jul 2018', 'Aug 2018', 'Sep 2018', 'Oct 2018', 'Nov 2018', 'Dec 2018']);
    expect(months.body[0]).toMatchObject({ startDate: '2018-03-01', endDate: '2018-03-31' });
    expect(months.body.at(-1)).toMatchObject({ startDate: '2018-12-01', endDate: '2018-12-31' });

    const quarterly = (await api('POST', '/processingSchedules', { code: 'QPS', name: 'Quarterly' })).body.id;
    const none = await api('POST', `/processingSchedules/${quarterly}/periods/generate`, { unit: 'quarter', until: '2019-12-31' });
    expect(none.body.messageKey).toBe('referenceData.error.processingPeriod.startDateRequired');
    const quarters = await api('POST', `/processingSchedules/${quarterly}/periods/generate`, { unit: 'quarter', until: '2019-12-31', startDate: '2019-01-01' });
    expect(quarters.body.map((p: any) => [p.name, p.startDate, p.endDate, p.durationInMonths])).toEqual([
      ['Q1 2019', '2019-01-01', '2019-03-31', 3],
      ['Q2 2019', '2019-04-01', '2019-06-30', 3],
      ['Q3 2019', '2019-07-01', '2019-09-30', 3],
      ['Q4 2019', '2019-10-01', '2019-12-31', 3],
    ]);
  });

  it('stay contiguous when two administrators add the next period at once', async () => {
    const race = (await api('POST', '/processingSchedules', { code: 'RACE', name: 'Race' })).body.id;
    await api('POST', '/processingPeriods', { processingScheduleId: race, name: 'P1', startDate: '2020-01-01', endDate: '2020-01-31' });
    const replies = await Promise.all(
      ['A', 'B', 'C'].map((n) => api('POST', '/processingPeriods', { processingScheduleId: race, name: `P2${n}`, startDate: '2020-02-01', endDate: '2020-02-29' })),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 400, 400]);
    expect((await api('GET', `/processingPeriods?processingScheduleId=${race}`)).body.totalElements).toBe(2);
  });
});
