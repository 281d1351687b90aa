'use strict';
// Pins the SQL every shipped migration issues. A database that has run a migration never runs it
// again, so editing one afterwards would make upgraded and fresh installs diverge without anyone
// noticing. Each migration's pin is a sha256 of the statements it issues (up and down, schema
// `tasker`): migrations/checksums/<name>.json, one file per migration, written once by
// `npm run migrations:pin` and never rewritten, so pinning a new migration edits no existing file.
// migrations/checksums.json holds the pins of the migrations released before that layout, frozen.
// test/unit/migrations/migration-checksums.spec.ts fails when a migration differs from its pin.
//
// The statements are captured by running the migration class against a recording stand-in for
// TypeORM's QueryRunner: it answers `connection.options.schema` and records `query()` calls, and
// refuses everything else (Tasker's migrations issue plain SQL through `query()` only).
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

/** The pins of the migrations released before one file per migration (frozen, never written). */
const PINS_PATH = join(__dirname, '..', 'migrations', 'checksums.json');
/** One `<migration name>.json` per migration pinned since. */
const PINS_DIR = join(__dirname, '..', 'migrations', 'checksums');
/** The schema the statements are captured with. */
const PIN_SCHEMA = 'tasker';

/** The name TypeORM records for a migration class: its `name` property, else the class name. */
function migrationName(migrationClass) {
  const instance = new migrationClass();
  return typeof instance.name === 'string' && instance.name !== '' ? instance.name : migrationClass.name;
}

/**
 * Runs `direction` ('up' or 'down') of a migration class against a recording QueryRunner and
 * returns the statements it issued, in order, as `{ sql, parameters }`.
 */
async function recordMigrationSql(migrationClass, direction, schema = PIN_SCHEMA) {
  const name = migrationName(migrationClass);
  const statements = [];
  const target = {
    connection: { options: { schema } },
    query: async (sql, parameters) => {
      statements.push({ sql, parameters: parameters ?? [] });
      return [];
    },
  };
  const runner = new Proxy(target, {
    get(object, property) {
      if (property in object) return object[property];
      // Promise resolution probes `then`; symbols are inspection probes: neither is a call.
      if (property === 'then' || typeof property === 'symbol') return undefined;
      throw new Error(
        `Migration ${name} used queryRunner.${String(property)}: Tasker's migrations issue plain SQL through queryRunner.query() only, so their SQL can be pinned`,
      );
    },
  });
  await new migrationClass()[direction](runner);
  return statements;
}

/** sha256 (hex) of a list of statements: their SQL text and parameters, in order. */
function statementsChecksum(statements) {
  const canonical = JSON.stringify(statements.map((statement) => [statement.sql, statement.parameters ?? []]));
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** `{ up, down }` checksums of one migration class. */
async function migrationChecksums(migrationClass, schema = PIN_SCHEMA) {
  return {
    up: statementsChecksum(await recordMigrationSql(migrationClass, 'up', schema)),
    down: statementsChecksum(await recordMigrationSql(migrationClass, 'down', schema)),
  };
}

/** Every pin as `{ [migration name]: { up, down } }`: the frozen file's and those of the directory. */
function readPins(path = PINS_PATH, dir = PINS_DIR) {
  const pins = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  const files = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.json')) : [];
  for (const file of files.sort()) {
    const name = file.slice(0, -'.json'.length);
    if (pins[name] !== undefined)
      throw new Error(`Migration ${name} is pinned twice (${relative(process.cwd(), dir)})`);
    pins[name] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  }
  return pins;
}

/** Writes the pin file of one migration; refuses to replace one (a pin is written once). */
function writePin(name, checksums, dir = PINS_DIR) {
  const path = join(dir, `${name}.json`);
  if (existsSync(path)) throw new Error(`${relative(process.cwd(), path)} exists: a pin is never rewritten`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, `${JSON.stringify(checksums, null, 2)}\n`);
}

function changedMessage(name, direction, pinned, actual) {
  return (
    `Migration ${name} (${direction}) no longer issues the SQL it shipped with (sha256 pinned ${pinned}, now ${actual}). ` +
    'Shipped migrations must never change: databases that already ran it will not run it again, so upgraded and fresh ' +
    'installs would diverge. Restore it and put the change in a new migration (see migrations/README.md).'
  );
}

/**
 * Compares each migration class with its pin. Returns one message per problem (empty when all is
 * well): a migration whose SQL differs from its pin, a migration without a pin, a pin whose
 * migration is gone.
 */
async function checkMigrationPins(migrationClasses, pins) {
  const problems = [];
  const names = new Set();
  for (const migrationClass of migrationClasses) {
    const name = migrationName(migrationClass);
    names.add(name);
    const pinned = pins[name];
    if (pinned === undefined) {
      problems.push(
        `Migration ${name} has no checksum in migrations/checksums/: run npm run migrations:pin and commit the file`,
      );
      continue;
    }
    const actual = await migrationChecksums(migrationClass);
    for (const direction of ['up', 'down']) {
      if (pinned[direction] !== actual[direction])
        problems.push(changedMessage(name, direction, pinned[direction], actual[direction]));
    }
  }
  for (const name of Object.keys(pins)) {
    if (!names.has(name)) {
      problems.push(
        `Migration ${name} is pinned in migrations/checksums but no longer in TASKER_MIGRATIONS: a shipped migration must never be removed`,
      );
    }
  }
  return problems;
}

/**
 * The pins with an entry added for every migration that has none. Existing entries are kept as
 * they are, even when the migration's SQL no longer matches (that is reported, never "fixed").
 */
async function addMissingPins(migrationClasses, pins) {
  const next = { ...pins };
  const added = [];
  for (const migrationClass of migrationClasses) {
    const name = migrationName(migrationClass);
    if (next[name] !== undefined) continue;
    next[name] = await migrationChecksums(migrationClass);
    added.push(name);
  }
  return { pins: next, added };
}

async function main() {
  require('./register-ts').registerTypeScript();
  const { TASKER_MIGRATIONS } = require('../migrations');
  const { pins, added } = await addMissingPins(TASKER_MIGRATIONS, readPins());
  for (const name of added) writePin(name, pins[name]);
  const where = relative(process.cwd(), PINS_DIR);
  console.log(
    added.length > 0 ? `Pinned ${added.join(', ')} in ${where}/` : `${where}: every migration is already pinned`,
  );
  const problems = await checkMigrationPins(TASKER_MIGRATIONS, pins);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

module.exports = {
  PINS_DIR,
  PINS_PATH,
  PIN_SCHEMA,
  addMissingPins,
  checkMigrationPins,
  migrationChecksums,
  migrationName,
  readPins,
  recordMigrationSql,
  writePin,
  statementsChecksum,
};

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
