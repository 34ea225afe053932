#!/usr/bin/env node
/**
 * `npm run mediator -- NAME [args]`: runs one mediator on its own, outside the app (as production
 * deployments may), e.g. `npm run mediator -- mcsd-consumer --once`. Builds what is stale first,
 * as `npm start` does, then runs dist/server/mediators/NAME/cli.js. Lists the mediators when NAME
 * is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mediators = fs
  .readdirSync(path.join(root, 'mediators'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, 'mediators', entry.name, 'cli.ts')))
  .map((entry) => entry.name);
const [name, ...rest] = process.argv.slice(2);
if (!name || !mediators.includes(name)) {
  console.error(`usage: npm run mediator -- NAME [args]\nmediators: ${mediators.join(', ') || '(none)'}`);
  process.exit(name ? 2 : 0);
}
build();
const { main } = await import(`../dist/server/mediators/${name}/cli.js`);
try {
  process.exit(await main(rest));
} catch (error) {
  console.error(`${name}: ${error?.stack ?? error}`);
  process.exit(1);
}
