import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import {
  constantName,
  outdatedModules,
  parseSqlFile,
  planModules,
  readSqlFolder,
  templateLiteral,
} from '../../../scripts/freeze-migrations';
import { firstOf } from '../../support/present';

// Each migration's SQL lives in migrations/sql/<timestamp>/*.sql and reaches the migration class
// through migrations/generated/<timestamp>.sql.ts, which npm run migrations:freeze writes. These
// tests keep the two in step, so nobody edits one without the other.
describe('frozen migration SQL', () => {
  it('should have a generated module that is exactly what npm run migrations:freeze makes of each folder', () => {
    const { modules, problems } = planModules();
    const outdated = outdatedModules(modules).map(({ path }) => path);

    if (problems.length > 0) throw new Error(problems.join('\n'));
    if (outdated.length > 0)
      throw new Error(`${outdated.join(', ')} differ from their .sql sources: run npm run migrations:freeze`);
    expect(modules.length).toBeGreaterThan(0);
  });

  it('should export the SQL of every .sql file, byte for byte after its header', () => {
    for (const { timestamp, path } of planModules().modules) {
      // Loaded by path, not imported: the module's path is only known at run time.
      const generated = jest.requireActual<Record<string, unknown>>(path);
      const files = readSqlFolder(timestamp);

      expect(Object.keys(generated).sort()).toEqual(files.map(({ fileName }) => constantName(fileName)).sort());
      for (const { fileName, text } of files) {
        expect(generated[constantName(fileName)]).toBe(parseSqlFile(text).sql);
      }
    }
  });
});

describe('the freeze script', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tasker-freeze-'));
    mkdirSync(join(root, 'sql'));
    mkdirSync(join(root, 'generated'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function writeSql(timestamp: string, fileName: string, text: string): void {
    mkdirSync(join(root, 'sql', timestamp), { recursive: true });
    writeFileSync(join(root, 'sql', timestamp, fileName), text);
  }

  it('should drop the leading -- header and keep the rest, blank line included', () => {
    expect(parseSqlFile('-- Frozen.\n--\n-- claim_steps: takes due steps.\n\nCREATE FUNCTION x();\n-- kept\n')).toEqual(
      {
        header: ['Frozen.', '', 'claim_steps: takes due steps.'],
        sql: '\nCREATE FUNCTION x();\n-- kept\n',
      },
    );
    expect(parseSqlFile('\n-- not a header: the file starts with SQL\n').sql).toBe(
      '\n-- not a header: the file starts with SQL\n',
    );
  });

  it('should write template literals that nothing is substituted into at load time', () => {
    const sql = "SELECT '${schema}', E'a\\\\b', `quoted`, $fn$ {{schema}} $fn$;\n";

    expect(runInNewContext(templateLiteral(sql))).toBe(sql);
  });

  it('should name constants after the file', () => {
    expect(constantName('step-readiness-status-batch.sql')).toBe('STEP_READINESS_STATUS_BATCH');
  });

  it('should refuse placeholders other than {{schema}}, CR line endings, bad names and modules without a folder', () => {
    writeSql('1764403299999', 'Bad_Name.sql', 'SELECT 1;\n');
    writeSql('1764403299999', 'uses-prefix.sql', 'SELECT * FROM {{prefix}}.tasks;\r\n');
    writeFileSync(join(root, 'generated', '1764403288888.sql.ts'), '');

    const { problems } = planModules(join(root, 'sql'), join(root, 'generated'));

    expect(problems).toEqual([
      expect.stringMatching(/1764403299999\/Bad_Name\.sql: name it in lower-case kebab-case/),
      expect.stringMatching(/1764403299999\/uses-prefix\.sql: use LF line endings/),
      expect.stringMatching(
        /1764403299999\/uses-prefix\.sql: \{\{prefix\}\} is not a placeholder; \{\{schema\}\} is the only one/,
      ),
      expect.stringMatching(/generated\/1764403288888\.sql\.ts: has no migrations\/sql folder/),
    ]);
  });

  it('should report a module that differs from its sources until it is regenerated', () => {
    writeSql('1764403299999', 'up.sql', '-- header\n\nCREATE TABLE {{schema}}.extra (id int);\n');
    const { modules, problems } = planModules(join(root, 'sql'), join(root, 'generated'));
    const planned = firstOf(modules, 'planned module');
    writeFileSync(planned.path, planned.content.replace('extra', 'other'));

    expect(problems).toEqual([]);
    expect(outdatedModules(modules).map(({ timestamp }) => timestamp)).toEqual(['1764403299999']);
    writeFileSync(planned.path, planned.content);
    expect(outdatedModules(modules)).toEqual([]);
    expect(planned.content).toContain('export const UP = `\nCREATE TABLE {{schema}}.extra (id int);\n`;');
  });
});
