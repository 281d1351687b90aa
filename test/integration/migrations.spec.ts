import { DataSource } from 'typeorm';
import { runTaskerMigrations } from '../../lib/persistence/run-tasker-migrations';
import { postgresDataSourceOptions } from '../../lib/persistence/tasker-data-source-options';
import { TASKER_MIGRATIONS } from '../../migrations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('Tasker migrations (PostgreSQL)', () => {
  let database: TestDatabase;
  const sources: DataSource[] = [];

  async function open(schema = 'tasker'): Promise<DataSource> {
    const source = new DataSource(postgresDataSourceOptions(database.url, schema, 3));
    await source.initialize();
    sources.push(source);
    return source;
  }

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.destroy()));
    await database.drop();
  });

  async function appliedMigrations(source: DataSource, schema: string): Promise<string[]> {
    const rows: Array<{ name: string }> = await source.query(`SELECT name FROM ${schema}.migrations ORDER BY id`);
    return rows.map((row) => row.name);
  }

  it('applies every migration once, and a second run changes nothing', async () => {
    const source = await open();
    await runTaskerMigrations(source, 'tasker', false);
    await runTaskerMigrations(source, 'tasker', false);
    expect(await appliedMigrations(source, 'tasker')).toEqual(TASKER_MIGRATIONS.map((m) => new m().name));
  });

  it('lets two data sources migrate the same database at once', async () => {
    const [first, second] = await Promise.all([open(), open()]);
    await Promise.all([runTaskerMigrations(first, 'tasker', false), runTaskerMigrations(second, 'tasker', false)]);
    expect(await appliedMigrations(first, 'tasker')).toEqual(TASKER_MIGRATIONS.map((m) => new m().name));
  });

  it('installs into a configured schema', async () => {
    const source = await open('tasker_custom');
    await runTaskerMigrations(source, 'tasker_custom', false);
    const rows: Array<{ table_name: string }> = await source.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'tasker_custom' ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(['tasks', 'steps', 'step_edges', 'migrations']));
  });
});
