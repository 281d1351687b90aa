import { DataSource } from 'typeorm';
import { runTaskerMigrations } from '../../lib/persistence/run-tasker-migrations';
import { postgresDataSourceOptions } from '../../lib/persistence/tasker-data-source-options';
import { createTestDatabase, type TestDatabase } from './test-database';

/** A fresh database with Tasker's migrations applied, and a TypeORM data source open on it. */
export interface MigratedDatabase extends TestDatabase {
  dataSource: DataSource;
  close(): Promise<void>;
}

export async function createMigratedDatabase(schema = 'tasker'): Promise<MigratedDatabase> {
  const database = await createTestDatabase();
  const dataSource = new DataSource(postgresDataSourceOptions(database.url, schema, 4));
  await dataSource.initialize();
  await runTaskerMigrations(dataSource, schema, false);
  return {
    ...database,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
