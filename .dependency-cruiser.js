// Dependency rules of lib/ and migrations/, checked by `npm run lint:deps` (dependency-cruiser).
// Type-only imports count: a cycle through types still ties the folders together.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles-in-lib',
      severity: 'error',
      comment:
        'Folders of lib/ depend on each other in one direction only: a cycle between two folders means ' +
        'neither can be understood or changed alone. Move the shared piece to the folder that owns it.',
      scope: 'folder',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment:
        'No module imports itself through others. TypeORM entities are exempt: their relations name each ' +
        'other both ways (resolved lazily, `() => Task`), which is how TypeORM maps them.',
      from: { path: '^(lib|migrations)/', pathNot: '^lib/persistence/entities/' },
      to: { circular: true },
    },
    {
      name: 'lib-reaches-migrations-through-one-module',
      severity: 'error',
      comment:
        'lib/ imports migrations/ only through lib/persistence/tasker-migrations.ts, so what the engine ' +
        'depends on in the frozen migrations stays in one visible place.',
      from: { path: '^lib/', pathNot: '^lib/persistence/tasker-migrations\\.ts$' },
      to: { path: '^migrations/' },
    },
    {
      name: 'migrations-never-import-lib',
      severity: 'error',
      comment:
        'A released migration must issue the same SQL forever; importing lib/ would let a change to the ' +
        'engine change a migration.',
      from: { path: '^migrations/' },
      to: { path: '^lib/' },
    },
    {
      name: 'migration-imports-only-its-own-sql',
      severity: 'error',
      comment:
        'A migration class issues only the SQL frozen for it (migrations/generated/<its timestamp>.sql.ts); ' +
        "importing another migration's SQL would let a later edit change it. See migrations/README.md.",
      from: { path: '^migrations/([0-9]{13})-[^/]+\\.ts$' },
      to: { path: '^migrations/generated/', pathNot: '^migrations/generated/$1\\.sql\\.ts$' },
    },
    {
      name: 'generated-sql-only-for-its-migration',
      severity: 'error',
      comment: 'Only migration classes import migrations/generated/ (each its own module).',
      from: { pathNot: '^migrations/[0-9]{13}-[^/]+\\.ts$' },
      to: { path: '^migrations/generated/' },
    },
    {
      name: 'lib-folders-do-not-import-lib-root',
      severity: 'error',
      comment:
        'The files at the root of lib/ (the module, the service, the barrel) import its folders, so a ' +
        'folder importing a root file closes a cycle between the root and that folder. Shared tokens and ' +
        'defaults live in lib/config/.',
      from: { path: '^lib/[^/]+/' },
      to: { path: '^lib/[^/]+\\.ts$' },
    },
  ],
  options: {
    includeOnly: '^(lib|migrations|cli|schematics)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
