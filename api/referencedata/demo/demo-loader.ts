/**
 * Loads the demo country (modelled on the configuration guide's Malawi examples) into an empty
 * database, through the same CSV import as any implementer's files: one file per type, in the
 * guide's load order. Instances starting together take an advisory lock, so it loads once.
 */
import fs from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { packageRoot } from '../../paths.js';
import { CSV_TYPES } from '../csv/csv-types.js';
import { importCsvFile } from '../csv/import-runner.js';
import { publishClassifications } from '../locations/publishing.js';
import { Program } from '../programs/program.entity.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { demoPeriodsCsv } from './demo-periods.js';

export const DEMO_DATA_DIR = path.join(packageRoot, 'api', 'referencedata', 'demo', 'data');
const DEMO_LOCK = 7_316_001; // pg_advisory_lock key: "load the demo data"

export async function loadDemoIfEmpty(context: ReferenceDataContext, logger?: Logger): Promise<boolean> {
  const runner = context.dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [DEMO_LOCK]);
    if (!(await isEmpty(context))) return false;
    const started = Date.now();
    const rows = await loadDemoFiles(context);
    await publishClassifications(context.dataSource, context.fhir.publisher);
    logger?.info({ rows, ms: Date.now() - started }, 'loaded the demo country');
    return true;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [DEMO_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** Empty: no program and no Location (a database with a registry's Locations is not a demo candidate). */
async function isEmpty(context: ReferenceDataContext): Promise<boolean> {
  const programs = await context.dataSource.getRepository(Program).count();
  const [{ locations }] = await context.dataSource.query('SELECT count(*)::int AS locations FROM location_directory');
  return programs === 0 && locations === 0;
}

async function loadDemoFiles(context: ReferenceDataContext): Promise<number> {
  if (!fs.existsSync(path.join(DEMO_DATA_DIR, 'programs.csv'))) throw new Error(`the demo data is missing from ${DEMO_DATA_DIR}; start with LASTMILE_DEMO=false`);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'lastmile-demo-'));
  let rows = 0;
  try {
    for (const csvType of CSV_TYPES) {
      const file = await demoFile(csvType.type, scratch);
      if (!file) continue;
      const report = await importCsvFile(context, csvType, file);
      if (!report.committed) throw new Error(`the demo file ${csvType.type}.csv was refused: ${JSON.stringify(report.errors.slice(0, 5))}`);
      rows += report.rows;
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return rows;
}

/** The repository's file for a type; periods are generated around today (the import deletes nothing, so a copy is made). */
async function demoFile(type: string, scratch: string): Promise<string | undefined> {
  if (type === 'processingPeriods') {
    const generated = path.join(scratch, 'processingPeriods.csv');
    await writeFile(generated, demoPeriodsCsv());
    return generated;
  }
  const file = path.join(DEMO_DATA_DIR, `${type}.csv`);
  return fs.existsSync(file) ? file : undefined;
}
