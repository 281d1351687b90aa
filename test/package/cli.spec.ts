// The `tasker` CLI as a user runs it: help, usage errors, template validation and an unreachable
// database, each as a real child process with its exit code (0 ok, 1 failure, 2 usage).
import { join } from 'node:path';
import { runTaskerCli } from '../support/tasker-cli';

const TEMPLATES = join(__dirname, '..', 'fixtures', 'templates');
/** Nothing listens on port 1: the connection is refused at once. */
const CLOSED_PORT_URL = 'postgres://postgres@127.0.0.1:1/tasker';

describe('tasker CLI (no database)', () => {
  it('prints help for the program and every command, exit 0', async () => {
    const help = await runTaskerCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['migrate', 'doctor', 'validate', 'tasks', 'generate'])
      expect(help.stdout).toContain(command);

    const tasks = await runTaskerCli(['tasks', 'list', '--help']);
    expect(tasks.code).toBe(0);
    expect(tasks.stdout).toContain('--status <status>');
    expect(tasks.stdout).toContain('--database-url <url>');
  }, 60_000);

  it('refuses a bad command line with exit 2 and says why', async () => {
    const bare = await runTaskerCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: tasker');

    const unknownOption = await runTaskerCli(['tasks', 'list', '--bogus']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--bogus'");

    const badId = await runTaskerCli(['tasks', 'show', 'not-a-uuid', '--database-url', CLOSED_PORT_URL]);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('a task id is a UUID');

    const badStatus = await runTaskerCli(['tasks', 'list', '--status', 'done', '--database-url', CLOSED_PORT_URL]);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('expected one of pending, in_progress, complete');

    const noDatabase = await runTaskerCli(['tasks', 'list']);
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toContain('No database given: pass --database-url');
  }, 90_000);

  it('reports an unreachable database with the connection error and exit 1', async () => {
    const expected =
      'Cannot connect to Tasker\'s database (database.url "postgres://postgres@127.0.0.1:1/tasker", tried 127.0.0.1:1/tasker)';
    const list = await runTaskerCli(['tasks', 'list'], { env: { DATABASE_URL: CLOSED_PORT_URL } });
    expect(list.code).toBe(1);
    expect(list.stderr).toContain(expected);
    expect(list.stderr).toContain('connection refused');

    const migrate = await runTaskerCli(['migrate', '--database-url', CLOSED_PORT_URL]);
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain(expected);

    const doctor = await runTaskerCli(['doctor', '--database-url', CLOSED_PORT_URL]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^✓ Node\.js: /m);
    expect(doctor.stdout).toContain(`✗ Database: ${expected}`);
    expect(doctor.stdout).toContain('✗ Migrations: not checked: no database');
    expect(doctor.stdout).toContain('2 check(s) failed.');
  }, 90_000);

  it('validates YAML templates: exit 0 when all are valid', async () => {
    const run = await runTaskerCli(['validate', join(TEMPLATES, 'valid')]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('4 template(s) in 3 file(s) valid.');
    expect(run.code).toBe(0);
  }, 60_000);

  it('reports each invalid template as file:line:col message, exit 1', async () => {
    const invalid = (name: string): string => join('test', 'fixtures', 'templates', 'invalid', name);
    const run = await runTaskerCli([
      'validate',
      invalid('broken.yaml'),
      invalid('cycle.yaml'),
      invalid('step-typo.yaml'),
      invalid('wrong-type.yaml'),
      invalid('empty.yaml'),
      'test/fixtures/templates/missing.yaml',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'test/fixtures/templates/missing.yaml:1:1 no such file or directory',
      `${invalid('broken.yaml')}:5:1 invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${invalid('cycle.yaml')}:6:16 Invalid task definition default/cycle@0.1.0 step "a": dependency cycle a -> b -> c -> a`,
      `${invalid('step-typo.yaml')}:7:5 /steps/1 has unknown property "maxAttempt"`,
      `${invalid('wrong-type.yaml')}:7:18 /steps/1/maxAttempts must be integer`,
      `${invalid('empty.yaml')}:1:1 holds no template (it is empty or only comments)`,
      'tasker: 6 problem(s) found.',
    ]);
  }, 60_000);
});
