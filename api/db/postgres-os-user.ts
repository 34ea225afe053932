/**
 * PostgreSQL refuses to run as root. When Lastmile runs as root (containers, CI), initdb and the
 * server run as the `postgres` system user instead: this module finds or creates that user and
 * makes the data directory and the binaries reachable by it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface OsUser {
  uid: number;
  gid: number;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** The account the PostgreSQL processes run as, or undefined to run as the current user. */
export function postgresOsUser(): OsUser | undefined {
  if (!isRoot()) return undefined;
  return lookupUser('postgres') ?? createSystemUser('postgres');
}

function lookupUser(name: string): OsUser | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return { uid, gid };
  } catch {
    return undefined;
  }
}

function createSystemUser(name: string): OsUser {
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name], {
    stdio: 'ignore',
  });
  const user = lookupUser(name);
  if (!user) throw new Error(`could not create the "${name}" system user to run PostgreSQL as`);
  return user;
}

/**
 * Lets `user` reach `target`: every ancestor directory gets the search (x) bit for others if it
 * lacks it. Nothing is made readable or writable; returns the directories it changed.
 */
export function makeTraversable(target: string): string[] {
  const changed: string[] = [];
  let dir = path.dirname(path.resolve(target));
  for (;;) {
    const { mode } = fs.statSync(dir);
    if ((mode & 0o001) === 0) {
      fs.chmodSync(dir, (mode & 0o7777) | 0o001);
      changed.push(dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) return changed;
    dir = parent;
  }
}

/** Gives `dir` (and everything in it) to `user`, as initdb and the server need to write there. */
export function chownTree(dir: string, user: OsUser): void {
  const stat = fs.statSync(dir);
  if (stat.uid === user.uid) return;
  execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dir], { stdio: 'ignore' });
}
