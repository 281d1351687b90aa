'use strict';
// Scaffolds a migration in the layout of migrations/README.md:
//
//   npm run migrations:new -- <kebab-case-name> [--timestamp <13 digits>]
//
// writes migrations/sql/<timestamp>/{up,down}.sql (a header and a line to replace with the SQL),
// migrations/<timestamp>-<name>.ts (a class issuing UP then DOWN from its generated module) and
// that generated module, then prints what is left to do by hand. The timestamp defaults to the
// newest migration's plus one, the convention of this repository.
const { existsSync, mkdirSync, readdirSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { SQL_ROOT, generatedModulePath, readSqlFolder, renderModule } = require('./freeze-migrations');

const MIGRATIONS_ROOT = join(__dirname, '..', 'migrations');
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const TIMESTAMP = /^\d{13}$/;
const MIGRATION_FILE = /^(\d{13})-.+\.ts$/;

/** `replace-expire-leases` + timestamp → `ReplaceExpireLeases1764403200005`. */
function className(name, timestamp) {
  return `${name
    .split('-')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')}${timestamp}`;
}

/** The newest timestamp among the migration classes plus one. */
function nextTimestamp(root = MIGRATIONS_ROOT) {
  const timestamps = readdirSync(root)
    .map((file) => MIGRATION_FILE.exec(file))
    .filter((match) => match !== null)
    .map((match) => BigInt(match[1]));
  if (timestamps.length === 0) return String(Date.now());
  return String(timestamps.reduce((max, value) => (value > max ? value : max)) + 1n);
}

function sqlFile(timestamp, direction, what) {
  return [
    `-- Migration ${timestamp}, ${direction}: ${what}`,
    '-- Frozen once released: never edit it then, put changes in a new migration (migrations/README.md).',
    '-- The -- lines at the top of a file document it; they are not part of the SQL.',
    '',
    'Replace this line with the SQL; {{schema}} stands for the schema name;',
    '',
  ].join('\n');
}

function classSource(name, timestamp) {
  const cls = className(name, timestamp);
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DOWN, UP } from './generated/${timestamp}.sql';
import { inSchema, taskerSchema } from './tasker-schema';

/** Describe what this migration changes and why. Its SQL: migrations/sql/${timestamp}/. */
export class ${cls} implements MigrationInterface {
  name = '${cls}';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), UP));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), DOWN));
  }
}
`;
}

function parseArgs(argv) {
  const args = [...argv];
  const index = args.indexOf('--timestamp');
  if (index < 0) return { name: args[0], timestamp: undefined };
  const [, timestamp = ''] = args.splice(index, 2);
  return { name: args[0], timestamp };
}

function main(argv) {
  const { name, timestamp = nextTimestamp() } = parseArgs(argv);
  if (name === undefined || !NAME.test(name)) {
    throw new Error(
      'Usage: npm run migrations:new -- <kebab-case-name> [--timestamp <13 digits>], e.g. replace-expire-leases',
    );
  }
  if (!TIMESTAMP.test(timestamp)) throw new Error(`--timestamp must be 13 digits, got ${timestamp}`);
  const folder = join(SQL_ROOT, timestamp);
  const classPath = join(MIGRATIONS_ROOT, `${timestamp}-${name}.ts`);
  for (const path of [folder, classPath, generatedModulePath(timestamp)]) {
    if (existsSync(path)) throw new Error(`${relative(process.cwd(), path)} exists already: pick another --timestamp`);
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'up.sql'), sqlFile(timestamp, 'up', 'say what it changes and why.'));
  writeFileSync(join(folder, 'down.sql'), sqlFile(timestamp, 'down', 'undoes up.'));
  writeFileSync(classPath, classSource(name, timestamp));
  mkdirSync(join(MIGRATIONS_ROOT, 'generated'), { recursive: true });
  writeFileSync(generatedModulePath(timestamp), renderModule(timestamp, readSqlFolder(timestamp)));
  const cls = className(name, timestamp);
  console.log(
    [
      `Wrote ${relative(process.cwd(), folder)}/{up,down}.sql, ${relative(process.cwd(), classPath)} and its generated module. Next:`,
      `1. Write the SQL in the .sql files (more files for more objects: one export each), then npm run migrations:freeze.`,
      `2. In migrations/index.ts: import { ${cls} } from './${timestamp}-${name}'; add it to the export list and at the end of TASKER_MIGRATIONS.`,
      '3. npm run migrations:pin, and npm run schema:dump if the schema changes; commit all of it together.',
    ].join('\n'),
  );
}

module.exports = { className, nextTimestamp };

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
