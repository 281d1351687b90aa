// Types of scripts/migration-checksums.js, for the migration specs.
import type { MigrationInterface } from 'typeorm';

/** A migration class, as listed in TASKER_MIGRATIONS. */
export type MigrationClass = new () => MigrationInterface;

/** One statement a migration issued through `queryRunner.query()`. */
export interface RecordedStatement {
  sql: string;
  parameters: unknown[];
}

/** sha256 (hex) of the statements of each direction. */
export interface MigrationChecksums {
  up: string;
  down: string;
}

/** The pins file: checksums by migration name. */
export type MigrationPins = Record<string, MigrationChecksums>;

/** Absolute path of migrations/checksums.json (the frozen pins of the first migrations). */
export const PINS_PATH: string;
/** Absolute path of migrations/checksums/ (one `<migration name>.json` per migration pinned since). */
export const PINS_DIR: string;
/** The schema the pinned statements are captured with (`tasker`). */
export const PIN_SCHEMA: string;

/** The name TypeORM records for a migration class. */
export function migrationName(migrationClass: MigrationClass): string;

/** Runs one direction of a migration against a recording QueryRunner; the statements it issued. */
export function recordMigrationSql(
  migrationClass: MigrationClass,
  direction: 'up' | 'down',
  schema?: string,
): Promise<RecordedStatement[]>;

/** sha256 (hex) of statements: their SQL and parameters, in order. */
export function statementsChecksum(statements: RecordedStatement[]): string;

/** The up and down checksums of one migration class. */
export function migrationChecksums(migrationClass: MigrationClass, schema?: string): Promise<MigrationChecksums>;

/** Every pin: the frozen file's and the directory's (a name pinned twice throws). */
export function readPins(path?: string, dir?: string): MigrationPins;

/** Writes one migration's pin file; throws when it exists (a pin is written once). */
export function writePin(name: string, checksums: MigrationChecksums, dir?: string): void;

/** One message per migration that differs from its pin, lacks one, or was removed; empty when all is well. */
export function checkMigrationPins(
  migrationClasses: ReadonlyArray<MigrationClass>,
  pins: MigrationPins,
): Promise<string[]>;

/** The pins plus entries for unpinned migrations; existing entries are never rewritten. */
export function addMissingPins(
  migrationClasses: ReadonlyArray<MigrationClass>,
  pins: MigrationPins,
): Promise<{ pins: MigrationPins; added: string[] }>;
