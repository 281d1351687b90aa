import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DOWN, UP } from './generated/1764403200000.sql';
import { inSchema, taskerSchema } from './tasker-schema';

/** Tables and indexes of the whole data model. Its SQL: migrations/sql/1764403200000/. */
export class CreateTaskerTables1764403200000 implements MigrationInterface {
  name = 'CreateTaskerTables1764403200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), UP));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), DOWN));
  }
}
