import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DOWN, EXPIRE_LEASES } from './generated/1764403200003.sql';
import { inSchema, taskerSchema } from './tasker-schema';

/**
 * Lease expiry delays retries with the failure policy's formula, jitter included, and without float8
 * overflow. Adds the six-argument expire_leases beside the old one. Its SQL: migrations/sql/1764403200003/.
 */
export class JitterLeaseExpiryBackoff1764403200003 implements MigrationInterface {
  name = 'JitterLeaseExpiryBackoff1764403200003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), EXPIRE_LEASES));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), DOWN));
  }
}
