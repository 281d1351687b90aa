// Test tiers: unit (no database), pg (real PostgreSQL at DATABASE_URL), pglite (embedded), package
// (what users install; its pack test needs npm and the npm cache or registry) and browser (the
// dashboard in Chromium, on the embedded database).
// The pg tier runs only when a server answers; otherwise one line says so and the rest still runs.
const { Client } = require('pg');

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };
// Tests may import the package by its published name; it resolves to the sources.
const moduleNameMapper = { '^nestjs-tasker$': '<rootDir>/lib/index.ts' };
const base = { testEnvironment: 'node', transform: tsJest, rootDir: __dirname, moduleNameMapper };

module.exports = async () => {
  const url = process.env.DATABASE_URL || DEFAULT_URL;
  process.env.DATABASE_URL = url;
  const pg = await postgresReachable(url);
  if (!pg) {
    console.log(`[tasker tests] PostgreSQL not reachable at ${url}: running the unit and PGlite tiers only`);
  }
  const projects = [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    { ...base, displayName: 'pglite', testMatch: ['<rootDir>/test/pglite/**/*.spec.ts'] },
    // What users install: package.json, the packed tarball in a scratch Nest app, README and docs/.
    { ...base, displayName: 'package', testMatch: ['<rootDir>/test/package/**/*.spec.ts'] },
    // The dashboard in Debian's Chromium (scripts/ensure-installed.js installs it when it can).
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.spec.ts'] },
  ];
  if (pg) {
    projects.push({ ...base, displayName: 'pg', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] });
  }
  return { projects, maxWorkers: 2, testTimeout: 30000 };
};
