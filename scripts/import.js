#!/usr/bin/env node
/**
 * `npm run import -- [--url URL] [--dry-run] FILE...`: imports reference data CSV files into a
 * running Lastmile through its API, in the configuration guide's load order, with a progress bar
 * per file. A file's type comes from its name: facilities.csv, or 07-facilities.csv.
 * LASTMILE_URL sets the server (default http://localhost:8080); LASTMILE_TOKEN, when set, is sent
 * as a bearer token. Exits 1 when a file is refused (nothing of it was written) or unreachable.
 */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args.splice(i, 2)[1];
};
const flag = (name) => {
  const i = args.indexOf(name);
  return i !== -1 && args.splice(i, 1).length > 0;
};

const base = (option('--url') ?? process.env.LASTMILE_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
const dryRun = flag('--dry-run');
const headers = process.env.LASTMILE_TOKEN ? { Authorization: `Bearer ${process.env.LASTMILE_TOKEN}` } : {};

async function main() {
  if (args.length === 0) {
    console.error('usage: npm run import -- [--url URL] [--dry-run] FILE...');
    process.exit(2);
  }
  const types = await (await request('/api/imports/types')).json();
  const order = new Map(types.map((t) => [t.type, t.order]));
  const files = args.map((file) => ({ file, type: path.basename(file, '.csv').replace(/^\d+[-_ ]*/, '') }));
  const unknown = files.filter((f) => !order.has(f.type));
  if (unknown.length > 0) fail(`unknown type for ${unknown.map((f) => f.file).join(', ')}; file names must be one of: ${types.map((t) => `${t.type}.csv`).join(', ')}`);
  files.sort((a, b) => order.get(a.type) - order.get(b.type));
  for (const { file, type } of files) await importFile(file, type);
}

async function importFile(file, type) {
  const started = await request(`/api/imports/${type}${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv' },
    body: fs.createReadStream(file),
    duplex: 'half',
  });
  let job = await started.json();
  if (started.status !== 202) fail(`${file}: ${job.message ?? started.status}`);
  const bar = new cliProgress.SingleBar({ format: `${type.padEnd(32)} {bar} {value}/{total} rows`, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(1, 0);
  while (!job.finishedAt) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    job = await (await request(`/api/imports/jobs/${job.id}`)).json();
    if (job.totalRows !== undefined) bar.setTotal(Math.max(1, job.totalRows));
    bar.update(job.rowsDone);
  }
  bar.stop();
  report(file, job);
}

function report(file, job) {
  const r = job.report;
  if (job.status === 'failed' || !r) fail(`${file}: the import failed on the server; see its log`);
  if (r.errors.length > 0) {
    console.error(`${file}: refused, nothing written (${r.errors.length + r.errorsOmitted} errors)`);
    for (const e of r.errors.slice(0, 50)) console.error(`  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
    if (r.errors.length > 50) console.error(`  ... and ${r.errors.length - 50 + r.errorsOmitted} more`);
    process.exit(1);
  }
  console.log(`${file}: ${r.rows} rows, ${r.created} created, ${r.updated} updated${job.dryRun ? ' (dry run: nothing written)' : ''}`);
}

async function request(url, init = {}) {
  try {
    return await fetch(`${base}${url}`, { ...init, headers: { ...headers, ...init.headers } });
  } catch (error) {
    fail(`cannot reach Lastmile at ${base} (${error.cause?.code ?? error.message}); is it running? Set --url or LASTMILE_URL`);
  }
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

await main();
