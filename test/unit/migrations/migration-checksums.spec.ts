import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TASKER_MIGRATIONS } from '../../../migrations';
import {
  addMissingPins,
  checkMigrationPins,
  migrationChecksums,
  migrationName,
  readPins,
  recordMigrationSql,
  type MigrationPins,
} from '../../../scripts/migration-checksums';
import { firstOf, present } from '../../support/present';

// migrations/checksums/ (and the frozen migrations/checksums.json) pin the SQL each shipped migration issues. A database that ran a
// migration never runs it again, so a shipped migration must keep its SQL forever.
describe('migration checksums', () => {
  it('should match the pin of every shipped migration (a change needs a new migration; a new one needs npm run migrations:pin)', async () => {
    const problems = await checkMigrationPins(TASKER_MIGRATIONS, readPins());

    if (problems.length > 0) throw new Error(problems.join('\n'));
    expect(problems).toEqual([]);
  });

  describe('the checker', () => {
    const first = firstOf(TASKER_MIGRATIONS, 'shipped migration');
    const firstName = migrationName(first);

    const shippedPin = () => present(readPins()[firstName], `the pin of ${firstName}`);

    /** Same name as the first shipped migration, one column more: what an edit in place looks like. */
    class TamperedMigration implements MigrationInterface {
      name = firstName;

      async up(queryRunner: QueryRunner): Promise<void> {
        await new first().up(queryRunner);
        await queryRunner.query('ALTER TABLE tasker.tasks ADD COLUMN priority int');
      }

      async down(queryRunner: QueryRunner): Promise<void> {
        await new first().down(queryRunner);
      }
    }

    class NewMigration9999999999999 implements MigrationInterface {
      name = 'NewMigration9999999999999';

      async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('CREATE TABLE tasker.extra (id int)');
      }

      async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('DROP TABLE tasker.extra');
      }
    }

    it('should report a tampered migration by name, saying a new migration is needed', async () => {
      const problems = await checkMigrationPins([TamperedMigration], { [firstName]: shippedPin() });

      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`Migration ${firstName} (up) no longer issues the SQL it shipped with`);
      expect(problems[0]).toContain('Shipped migrations must never change');
      expect(problems[0]).toContain('put the change in a new migration');
    });

    it('should ask for npm run migrations:pin when a migration has no pin', async () => {
      const problems = await checkMigrationPins([NewMigration9999999999999], {});

      expect(problems).toEqual([
        'Migration NewMigration9999999999999 has no checksum in migrations/checksums/: run npm run migrations:pin and commit the file',
      ]);
    });

    it('should report a pinned migration that was removed', async () => {
      const pins: MigrationPins = { [firstName]: shippedPin() };

      const problems = await checkMigrationPins([], pins);

      expect(problems).toEqual([
        expect.stringContaining(
          `Migration ${firstName} is pinned in migrations/checksums but no longer in TASKER_MIGRATIONS`,
        ),
      ]);
    });

    it('should only add pins, never rewrite one', async () => {
      const shipped = shippedPin();

      const { pins, added } = await addMissingPins([TamperedMigration, NewMigration9999999999999], {
        [firstName]: shipped,
      });

      expect(added).toEqual(['NewMigration9999999999999']);
      expect(pins[firstName]).toEqual(shipped);
      expect(pins.NewMigration9999999999999).toEqual(await migrationChecksums(NewMigration9999999999999));
      expect(Object.keys(pins)).toEqual([firstName, 'NewMigration9999999999999']);
    });
  });

  describe('the recording QueryRunner', () => {
    it('should record the statements in order, in the schema it is given', async () => {
      const migration = firstOf(TASKER_MIGRATIONS, 'shipped migration');
      const statements = await recordMigrationSql(migration, 'down', 'tasker_custom');

      expect(statements).toHaveLength(1);
      const statement = firstOf(statements, 'statement');
      expect(statement.sql).toContain('DROP TABLE IF EXISTS tasker_custom.task_annotations;');
      expect(statement.sql).not.toContain('{{schema}}');
      expect(statement.parameters).toEqual([]);
    });

    it('should refuse QueryRunner calls other than query(), naming the migration', async () => {
      class SchemaBuilderMigration implements MigrationInterface {
        name = 'SchemaBuilderMigration1';

        async up(queryRunner: QueryRunner): Promise<void> {
          await queryRunner.hasTable('tasks');
        }

        async down(): Promise<void> {}
      }

      await expect(recordMigrationSql(SchemaBuilderMigration, 'up')).rejects.toThrow(
        'Migration SchemaBuilderMigration1 used queryRunner.hasTable',
      );
    });
  });
});
