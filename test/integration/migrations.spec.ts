import { DataSource } from 'typeorm';
import { runTaskerMigrations } from '../../lib/persistence/run-tasker-migrations';
import { postgresDataSourceOptions } from '../../lib/persistence/tasker-data-source-options';
import { TASKER_MIGRATIONS } from '../../migrations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { firstOf } from '../support/present';

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
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['tasks', 'steps', 'step_edges', 'migrations']),
    );
  });

  it('undoes the operator-action migration (functions and columns as before) and applies it again', async () => {
    const source = await open();
    await runTaskerMigrations(source, 'tasker', false);
    const signatures = async (): Promise<string[]> => {
      const rows: Array<{ signature: string }> = await source.query(
        `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'tasker' AND p.proname IN ('cancel_task', 'retry_step', 'resolve_step') ORDER BY 1`,
      );
      return rows.map((row) => row.signature);
    };
    const metadataColumns = async (): Promise<number> => {
      const rows: Array<{ n: number }> = await source.query(
        `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'tasker' AND column_name = 'metadata'`,
      );
      return firstOf(rows, 'count row').n;
    };
    const current = [
      'tasker.cancel_task(uuid,text,text,text)',
      'tasker.resolve_step(uuid,text,jsonb,text,text,text)',
      'tasker.retry_step(uuid,text,text,text,text)',
    ];
    expect(await signatures()).toEqual(current);
    expect(await metadataColumns()).toBe(2);

    await source.undoLastMigration({ transaction: 'each' });
    expect(await signatures()).toEqual([
      'tasker.cancel_task(uuid,text,text)',
      'tasker.resolve_step(uuid,text,jsonb,text,text)',
      'tasker.retry_step(uuid,text,text,text)',
    ]);
    expect(await metadataColumns()).toBe(0);

    await runTaskerMigrations(source, 'tasker', false);
    expect(await signatures()).toEqual(current);
    expect(await metadataColumns()).toBe(2);
  });
});
