/**
 * `npm run bench -- import`: a national facility list through the CSV import.
 *
 * Starts the built server (embedded PostgreSQL in a temporary directory), imports
 * the classifications, a 4-level zone tree (country, 10 regions, 100 districts, 1,000
 * sub-districts) and then 50,000 facilities, each file all-or-nothing through the same API the
 * CLI and UI use; prints rows per second per file, the server's peak memory, and the time of a
 * re-import of the same facilities (idempotent: nothing changes). Options: --facilities N.
 */
import { peakRssMb, startServer } from './support/server.js';

const FACILITIES = Number(process.argv[process.argv.indexOf('--facilities') + 1]) || 50_000;

function csv(header: string, rows: string[][]): string {
  return [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

function files(): Array<[type: string, body: string]> {
  const regions = Array.from({ length: 10 }, (_, i) => `R${i}`);
  const districts = Array.from({ length: 100 }, (_, i) => `D${i}`);
  const subDistricts = Array.from({ length: 1000 }, (_, i) => `S${i}`);
  const zones = [
    ['MW', 'Country', 'Country', '', '19889742'],
    ...regions.map((code) => [code, `Region ${code}`, 'Region', 'MW', '1000000']),
    ...districts.map((code, i) => [code, `District ${code}`, 'District', regions[i % 10], '100000']),
    ...subDistricts.map((code, i) => [code, `Sub-district ${code}`, 'SubDistrict', districts[i % 100], '10000']),
  ];
  const facilities = Array.from({ length: FACILITIES }, (_, i) => [
    `F${String(i).padStart(6, '0')}`, `Health Facility ${i}`, subDistricts[i % 1000], i % 50 === 0 ? 'district_hospital' : 'health_center', 'MOH', 'TRUE', '2016-01-01', 'TRUE',
    (-15 + (i % 1000) / 1000).toFixed(5), (35 + (i % 997) / 1000).toFixed(5),
  ]);
  return [
    ['geographicLevels', 'Code,Name,Level Number\nCountry,Country,1\nRegion,Region,2\nDistrict,District,3\nSubDistrict,Sub-district,4\n'],
    ['facilityTypes', 'Facility Type,Name,Display Order,Active\nhealth_center,Health Center,1,TRUE\ndistrict_hospital,District Hospital,2,TRUE\n'],
    ['facilityOperators', 'Code,Name,Display Order\nMOH,Ministry of Health,1\n'],
    ['geographicZones', csv('Code,Name,Level,Parent,Catchment Population', zones)],
    ['facilities', csv('Facility Code,Name,Geographic Zone,Facility Type Code,Facility Operator,Active,Go Live Date,Enabled,Latitude,Longitude', facilities)],
  ];
}

/** Uploads a file as a job and polls it to the end, as the CLI does; returns rows and seconds. */
async function importFile(base: string, auth: { authorization: string }, type: string, body: string): Promise<{ rows: number; seconds: number; created: number; updated: number }> {
  const started = Date.now();
  const response = await fetch(`${base}/api/imports/${type}`, { method: 'POST', headers: { 'Content-Type': 'text/csv', ...auth }, body });
  let job: any = await response.json();
  while (!job.finishedAt) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    job = await (await fetch(`${base}/api/imports/jobs/${job.id}`, { headers: auth })).json();
  }
  if (job.status !== 'succeeded') throw new Error(`${type}: ${job.status} ${JSON.stringify(job.report?.errors?.slice(0, 3))}`);
  return { rows: job.report.rows, seconds: (Date.now() - started) / 1000, created: job.report.created, updated: job.report.updated };
}

async function main(): Promise<void> {
  const server = await startServer();
  const { base, child, auth } = server;
  try {
    console.log(`importing ${FACILITIES} facilities into ${base} (server pid ${child.pid})`);
    for (const [type, body] of files()) {
      const { rows, seconds } = await importFile(base, auth, type, body);
      console.log(`${type.padEnd(20)} ${String(rows).padStart(7)} rows  ${seconds.toFixed(2).padStart(7)} s  ${Math.round(rows / seconds).toLocaleString('en').padStart(8)} rows/s`);
    }
    const facilities = files().find(([type]) => type === 'facilities')![1];
    const again = await importFile(base, auth, 'facilities', facilities);
    console.log(`re-import (idempotent) ${String(again.rows).padStart(5)} rows  ${again.seconds.toFixed(2).padStart(7)} s  ${again.created} created, ${again.updated} updated`);
    console.log(`server peak memory    ${peakRssMb(child.pid!).toFixed(0)} MB (RSS high-water mark)`);
  } finally {
    await server.stop();
  }
}

await main();
