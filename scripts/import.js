#!/usr/bin/env node
/**
 * `npm run import -- [--url URL] [--dry-run] FILE...`: imports reference data CSV files into a
 * running Lastmile through its API, in the configuration guide's load order, with a progress bar
 * per file. A file's type comes from its name: facilities.csv, or 07-facilities.csv.
 * LASTMILE_URL sets the server (default http://localhost:8080). Credentials: LASTMILE_TOKEN (an access
 * token), or LASTMILE_CLIENT=id:secret (client credentials), or LASTMILE_USER=username:password
 * (OpenLMIS's password grant); the caller needs DATA_IMPORT and the right to change each file's data.
 * Exits 1 when a file is refused (nothing of it was written), unauthorised or unreachable.
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
let headers = {};

/** An access token from the environment: a token as it is, or one asked for with a client's or a user's credentials. */
async function authenticate() {
  if (process.env.LASTMILE_TOKEN) return process.env.LASTMILE_TOKEN;
  const [grant, credentials, basic] = process.env.LASTMILE_CLIENT
    ? ['grant_type=client_credentials', '', process.env.LASTMILE_CLIENT]
    : process.env.LASTMILE_USER
      ? ['grant_type=password', `&username=${encodeURIComponent(process.env.LASTMILE_USER.split(':')[0])}&password=${encodeURIComponent(process.env.LASTMILE_USER.split(':').slice(1).join(':'))}`, 'user-client:changeme']
      : [];
  if (!grant) fail('set LASTMILE_TOKEN, LASTMILE_CLIENT=id:secret or LASTMILE_USER=username:password');
  const response = await request(`/api/oauth/token?${grant}${credentials}`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(basic).toString('base64')}` } });
  const body = await response.json();
  if (!body.access_token) fail(`could not sign in: ${body.error_description ?? body.error ?? response.status}`);
  return body.access_token;
}

async function main() {
  if (args.length === 0) {
    console.error('usage: npm run import -- [--url URL] [--dry-run] FILE...');
    process.exit(2);
  }
  headers = { Authorization: `Bearer ${await authenticate()}` };
  const typesResponse = await request('/api/imports/types');
  if (typesResponse.status === 401) fail('the token was refused (expired or invalid)');
  const types = await typesResponse.json();
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
  if (started.status !== 202) fail(`${file}: ${job.message ?? started.status}`); // 403 names the missing right
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
