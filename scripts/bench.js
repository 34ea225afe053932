#!/usr/bin/env node
/** `npm run bench -- NAME` runs bench/NAME.ts (through tsx) and lists the benchmarks when NAME is missing. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benches = fs.readdirSync(path.join(root, 'bench')).filter((file) => file.endsWith('.ts')).map((file) => file.slice(0, -3));
const [name, ...rest] = process.argv.slice(2);
if (!name || !benches.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args]\nbenchmarks: ${benches.join(', ') || '(none yet)'}`);
  process.exit(name ? 1 : 0);
}
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const result = spawnSync(process.execPath, [tsx, path.join(root, 'bench', `${name}.ts`), ...rest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
