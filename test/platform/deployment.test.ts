import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { packageRoot } from '../../api/paths.js';

type Service = Record<string, any>;
const read = (file: string) => fs.readFileSync(path.join(packageRoot, file), 'utf8');
const exists = (file: string) => fs.existsSync(path.join(packageRoot, file));
const lines = (file: string) => read(file).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

const composeText = read('docker-compose.yml');
const compose = YAML.parse(composeText) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const services = compose.services;
const SECRET_KEY = /PASSWORD|SECRET|TOKEN|KEY/i;
const INTERPOLATED = /^\$\{[A-Z_][A-Z0-9_]*(:?[-?][^}]*)?\}$/;
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]+:(.+)@[^@]+$/i;

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((e: string) => [e.split('=')[0], e.slice(e.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value ?? '')]));
}
const healthcheck = (service: Service) => ([] as string[]).concat(service.healthcheck?.test ?? []);
// Every string in the parsed file (comments are not interpolated), then each ${VAR...} in them.
const strings = (node: unknown): string[] =>
  typeof node === 'string' ? [node] : node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => [k, ...strings(v)]) : [];
const interpolations = strings(compose).flatMap((s) => [...s.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}/g)]);

describe('docker-compose.yml', () => {
  it('declares the deployment: Lastmile, PostgreSQL, OpenHIM and a FHIR master facility list', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'lastmile', 'mongo', 'openhim-core', 'openhim-console', 'hapi-fhir']),
    );
  });

  it.each(Object.keys(services))('gives %s a healthcheck and a restart policy', (name) => {
    const test = healthcheck(services[name]);
    expect(['CMD', 'CMD-SHELL']).toContain(test[0]);
    expect(test.slice(1).join(' ').trim()).not.toBe('');
    expect(services[name].healthcheck.disable).not.toBe(true);
    expect(services[name].restart).toMatch(/^(always|unless-stopped|on-failure(:\d+)?)$/);
  });

  it('keeps PostgreSQL 16 data on a named volume, and declares every named volume', () => {
    expect(services.postgres.image).toMatch(/^postgres:16([.-]|$)/);
    const declared = Object.keys(compose.volumes ?? {});
    const data = (services.postgres.volumes as string[]).find((v) => v.split(':')[1] === '/var/lib/postgresql/data');
    expect(declared).toContain(data?.split(':')[0]);
    for (const service of Object.values(services)) {
      for (const volume of (service.volumes ?? []) as string[]) {
        const source = volume.split(':')[0];
        if (/^[.\/~]/.test(source)) expect(exists(source)).toBe(true);
        else expect(declared).toContain(source);
      }
    }
  });

  it('builds Lastmile from the repository Dockerfile, after PostgreSQL is healthy, checking readiness', () => {
    const lastmile = services.lastmile;
    const build = typeof lastmile.build === 'string' ? { context: lastmile.build } : lastmile.build;
    expect(path.resolve(packageRoot, build.context)).toBe(packageRoot);
    expect(path.resolve(packageRoot, build.context, build.dockerfile ?? 'Dockerfile')).toBe(path.join(packageRoot, 'Dockerfile'));
    expect(lastmile.depends_on.postgres.condition).toBe('service_healthy');
    expect(healthcheck(lastmile).join(' ')).toMatch(/127\.0\.0\.1:8080\/health\/ready/);
    expect(lastmile.init).toBe(true);
    expect(lastmile.ports).toContain('8080:8080');
    const url = environment(lastmile).DATABASE_URL.replace(/\$\{[^}]*\}/, 'x');
    const db = environment(services.postgres);
    expect(new URL(url)).toMatchObject({ protocol: 'postgres:', hostname: 'postgres', username: db.POSTGRES_USER, pathname: `/${db.POSTGRES_DB}` });
  });

  it('publishes each host port once', () => {
    const hostPorts = Object.values(services).flatMap((s) => ((s.ports ?? []) as string[]).map((p) => String(p).split(':').slice(-2)[0]));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('holds no literal secret: secrets and URL passwords are interpolated, required ones with :?', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(environment(service))) {
        if (SECRET_KEY.test(key)) expect(`${name}.${key}=${value}`).toMatch(new RegExp(`=${INTERPOLATED.source.slice(1)}`));
        const password = URL_PASSWORD.exec(value)?.[1];
        if (password !== undefined) expect(`${name}.${key} password ${password}`).toMatch(new RegExp(` ${INTERPOLATED.source.slice(1)}`));
      }
    }
    expect(URL_PASSWORD.exec(environment(services.lastmile).DATABASE_URL)?.[1]).toMatch(INTERPOLATED);
    for (const [, variable, modifier] of interpolations) {
      if (/PASSWORD|SECRET/.test(variable)) expect(`${variable}${modifier}`).toMatch(/^[A-Z_]+:\?./);
    }
  });

  it('documents every interpolated variable in .env.example, and keeps .env out of git and the image', () => {
    const documented = lines('.env.example').map((l) => l.split('=')[0]);
    const used = [...new Set(interpolations.map((m) => m[1]))];
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((v) => !documented.includes(v))).toEqual([]);
    expect(lines('.gitignore')).toContain('.env');
    expect(lines('.dockerignore')).toContain('.env');
  });
});

describe('Dockerfile', () => {
  // Instructions with their continuation lines joined, grouped into stages at each FROM.
  const instructions = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ op: l.split(/\s+/)[0].toUpperCase(), args: l.slice(l.split(/\s+/)[0].length).trim() }));
  const stages = instructions.reduce<(typeof instructions)[]>((all, i) => (i.op === 'FROM' ? [...all, [i]] : (all.at(-1)!.push(i), all)), []);
  const runtime = stages.at(-1)!;
  const build = stages[0];
  const stageText = (stage: typeof instructions) => stage.map((i) => `${i.op} ${i.args}`).join('\n');
  const buildDir = build.filter((i) => i.op === 'WORKDIR').at(-1)?.args ?? '/';

  it('is multi-stage: a build stage with dev dependencies, pruned before the runtime takes them', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0].args).toMatch(/^node:20-bookworm-slim\b/);
    expect(stageText(build)).toMatch(/RUN .*npm ci/);
    expect(stageText(build)).toMatch(/node scripts\/build\.js --force/);
    expect(stageText(build)).toMatch(/npm prune --omit=dev/);
    expect(stageText(runtime)).not.toMatch(/npm (ci|install)/);
  });

  it('runs the compiled server as a non-root user in production mode, with a readiness healthcheck', () => {
    const users = runtime.filter((i) => i.op === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)!.args).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.findIndex((i) => i.op === 'USER')).toBeGreaterThan(runtime.map((i) => i.op).lastIndexOf('COPY'));
    expect(stageText(runtime)).toMatch(/NODE_ENV=production/);
    expect(runtime.find((i) => i.op === 'HEALTHCHECK')?.args).toMatch(/\/health\/ready/);
    expect(JSON.parse(runtime.find((i) => i.op === 'CMD')!.args)).toEqual(['node', 'dist/server/api/main.js']);
    // dist/server/api/main.js is what tsc makes of api/main.ts with the build's rootDir and outDir.
    expect(exists('api/main.ts')).toBe(true);
    expect(JSON.parse(read('tsconfig.build.json')).compilerOptions).toMatchObject({ rootDir: '.', outDir: 'dist/server' });
  });

  it('copies only what the checkout holds or the build produces', () => {
    const ignored = lines('.dockerignore').map((p) => p.replace(/^\*\*\//, ''));
    const produced = ['dist', 'node_modules'];
    expect(exists('scripts/build.js')).toBe(true);
    expect(exists('package-lock.json')).toBe(true);
    for (const stage of stages) {
      for (const copy of stage.filter((i) => i.op === 'COPY')) {
        const words = copy.args.split(/\s+/);
        const from = words.find((w) => w.startsWith('--from='));
        const sources = words.filter((w) => !w.startsWith('--')).slice(0, -1);
        expect(sources.length).toBeGreaterThan(0);
        for (const source of sources) {
          const relative = from ? path.posix.relative(buildDir, source) : source;
          const top = relative.split('/')[0];
          if (from && produced.includes(top)) continue;
          expect(`${relative} ${exists(relative) ? 'exists' : 'is missing'}`).toBe(`${relative} exists`);
          if (top !== '.') expect(ignored).not.toContain(top);
        }
      }
    }
  });
});
