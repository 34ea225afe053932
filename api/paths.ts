/**
 * Where the checkout lives, found by walking up from this file to Lastmile's package.json. The
 * same code runs from the TypeScript sources (tests) and from dist/server (npm start), so paths
 * to profiles/, dist/ui and .data are resolved from here and never from the working directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'lastmile') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Lastmile's package.json not found above ${start}`);
    dir = parent;
  }
}

export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
export const uiDistDir = path.join(packageRoot, 'dist', 'ui');
export const profilesDir = path.join(packageRoot, 'profiles');
