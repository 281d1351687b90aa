import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { TASKER_MIGRATIONS } from '../../migrations';
import { runTaskerMigrations } from '../../lib/persistence/run-tasker-migrations';
import { postgresDataSourceOptions } from '../../lib/persistence/tasker-data-source-options';
import {
  compareWithSnapshot,
  dumpSchema,
  parseSnapshot,
  pgDumpVersion,
  SCHEMA_SNAPSHOT_PATH,
  serverVersion,
} from '../../scripts/dump-schema';
import { migrationName } from '../../scripts/migration-checksums';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// An installation upgraded release by release must end with the schema of a fresh install
// (test/schema.sql, checked against a fresh install by schema-snapshot.spec.ts). The database
// starts at the first migration only; each later run knows one migration more, as each upgrade
// does. It covers migrations added later by itself: it walks TASKER_MIGRATIONS.
describe('upgrading one migration at a time (PostgreSQL)', () => {
  const schema = 'tasker';
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** Runs Tasker's migration procedure with a data source that knows only the first `count` migrations. */
  async function upgradeTo(count: number): Promise<string[]> {
    const source = new DataSource({
      ...postgresDataSourceOptions(database.url, schema, 2),
      migrations: TASKER_MIGRATIONS.slice(0, count),
    });
    await source.initialize();
    try {
      await runTaskerMigrations(source, schema, false);
      const rows: Array<{ name: string }> = await source.query(`SELECT name FROM ${schema}.migrations ORDER BY id`);
      return rows.map((row) => row.name);
    } finally {
      await source.destroy();
    }
  }

  it('should apply each migration on top of the previous ones and end with the fresh install schema', async () => {
    const names = TASKER_MIGRATIONS.map(migrationName);

    for (let count = 1; count <= TASKER_MIGRATIONS.length; count++) {
      expect(await upgradeTo(count)).toEqual(names.slice(0, count));
    }
    const [snapshot, live, pgDump, server] = await Promise.all([
      readFile(SCHEMA_SNAPSHOT_PATH, 'utf8'),
      dumpSchema(database.url, schema),
      pgDumpVersion(),
      serverVersion(database.url),
    ]);

    const mismatch = compareWithSnapshot(snapshot, live, { pgDump, server });
    if (mismatch !== undefined) {
      throw new Error(
        `A database upgraded one migration at a time (${names.join(' → ')}) differs from a fresh install. ` +
          'When schema-snapshot.spec.ts passes, some migration gives a different result applied on its own ' +
          `than in a fresh install.\n${mismatch}`,
      );
    }
    expect(live).toBe(parseSnapshot(snapshot).dump);
  });
});
