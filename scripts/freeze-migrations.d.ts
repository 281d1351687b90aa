// Types of scripts/freeze-migrations.js, for the migration specs.

/** One .sql file of a migration's folder. */
export interface SqlFile {
  fileName: string;
  text: string;
}

/** A generated module as it should be written. */
export interface PlannedModule {
  timestamp: string;
  path: string;
  content: string;
}

/** Absolute paths of migrations/sql and migrations/generated. */
export const SQL_ROOT: string;
export const GENERATED_ROOT: string;

/** Splits a .sql file into its header lines (without `--`) and the SQL after them, byte for byte. */
export function parseSqlFile(text: string): { header: string[]; sql: string };

/** `claim-steps.sql` → `CLAIM_STEPS`. */
export function constantName(fileName: string): string;

/** A template literal whose value is exactly `text`. */
export function templateLiteral(text: string): string;

/** The timestamps of the folders under `root`, in order. */
export function sqlFolders(root?: string): string[];

/** The .sql files of one migration's folder, by name. */
export function readSqlFolder(timestamp: string, root?: string): SqlFile[];

/** The source of the generated module for one migration's .sql files. */
export function renderModule(timestamp: string, files: SqlFile[]): string;

/** Where the generated module of one migration goes. */
export function generatedModulePath(timestamp: string, root?: string): string;

/** The modules the generated folder should hold, and what prevents freezing (bad names or content, stale modules). */
export function planModules(sqlRoot?: string, generatedRoot?: string): { modules: PlannedModule[]; problems: string[] };

/** The planned modules whose file is missing or differs. */
export function outdatedModules(modules: PlannedModule[]): PlannedModule[];
