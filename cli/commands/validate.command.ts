import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Command } from 'commander';
import { CliError } from '../cli-error';
import { writeJson, writeLines, type CliIo } from '../cli-io';
import { checkTemplateFile, type TemplateProblem, type ValidTemplate } from '../validate/template-problems';

const YAML_EXTENSIONS = new Set(['.yaml', '.yml']);

/** The files named by the arguments, directories expanded to their `*.yaml`/`*.yml` (recursively, sorted), as Tasker reads them. */
function templateFiles(paths: readonly string[]): { files: string[]; problems: TemplateProblem[] } {
  const files: string[] = [];
  const problems: TemplateProblem[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory).sort()) {
      if (entry.startsWith('.')) continue;
      const path = join(directory, entry);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats?.isDirectory()) walk(path);
      else if (stats?.isFile() && YAML_EXTENSIONS.has(extname(entry).toLowerCase())) files.push(path);
    }
  };
  for (const path of paths) {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) problems.push({ file: path, line: 1, col: 1, message: 'no such file or directory' });
    else if (stats.isDirectory()) walk(path);
    else files.push(path);
  }
  return { files, problems };
}

/** A task (`namespace/name@version`) defined by two templates: Tasker refuses the second at boot. */
function duplicateTasks(templates: readonly ValidTemplate[]): TemplateProblem[] {
  const first = new Map<string, ValidTemplate>();
  const problems: TemplateProblem[] = [];
  for (const template of templates) {
    const earlier = first.get(template.key);
    if (earlier === undefined) first.set(template.key, template);
    else {
      const { file, line, col } = template;
      problems.push({
        file,
        line,
        col,
        message: `task ${template.key} is also defined at ${earlier.file}:${earlier.line}:${earlier.col}`,
      });
    }
  }
  return problems;
}

/**
 * `tasker validate <yaml...>`: checks YAML task templates (files or directories) and prints each
 * problem as `file:line:col message`; exit 1 when any template is invalid.
 */
export function validateCommand(io: CliIo): Command {
  return new Command('validate')
    .description('check YAML task templates: schema, values and DAG (cycles, unknown dependencies)')
    .argument('<paths...>', 'template files or directories')
    .option('--json', 'print { files, problems } as JSON')
    .action((paths: string[], options: { json?: boolean }) => {
      const { files, problems } = templateFiles(paths);
      const templates: ValidTemplate[] = [];
      for (const file of files) {
        const checked = checkTemplateFile(file);
        problems.push(...checked.problems);
        templates.push(...checked.templates);
      }
      problems.push(...duplicateTasks(templates));
      if (options.json === true) writeJson(io.out, { files, templates: templates.length, problems });
      else if (problems.length > 0) {
        writeLines(
          io.err,
          problems.map((problem) => `${problem.file}:${problem.line}:${problem.col} ${problem.message}`),
        );
      } else writeLines(io.out, [`${templates.length} template(s) in ${files.length} file(s) valid.`]);
      if (problems.length > 0) throw new CliError(options.json === true ? '' : `${problems.length} problem(s) found.`);
    });
}
