#!/usr/bin/env node
/**
 * Builds what is not built yet: the server (tsc -> dist/server) and the UI (vite -> dist/ui).
 * A build is current when dist/.build-stamp is newer than every source file; `--force` rebuilds.
 * Plain JavaScript so that it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const SOURCES = ['api', 'fhir', 'mediators', 'ui', 'profiles', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestSourceTime() {
  let newest = 0;
  const visit = (entry) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry)) if (child !== 'node_modules') visit(path.join(entry, child));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const source of SOURCES) visit(path.join(root, source));
  return newest;
}

function isCurrent() {
  const built = fs.statSync(stamp, { throwIfNoEntry: false });
  return built !== undefined && built.mtimeMs >= newestSourceTime();
}

function run(label, script, args) {
  const entry = path.join(root, 'node_modules', ...script.split('/'));
  if (!fs.existsSync(entry)) {
    console.error(`lastmile: cannot build: ${script} is missing; run npm install (with dev dependencies) first`);
    process.exit(1);
  }
  console.error(`lastmile: building ${label}...`);
  const result = spawnSync(process.execPath, [entry, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`lastmile: building ${label} failed`);
    process.exit(1);
  }
}

export function build({ force = false } = {}) {
  if (!force && isCurrent()) return;
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  run('the server', 'typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  run('the UI', 'vite/bin/vite.js', ['build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn']);
  fs.writeFileSync(stamp, new Date().toISOString());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  build({ force: process.argv.includes('--force') });
}
