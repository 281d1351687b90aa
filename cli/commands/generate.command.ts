import { join, resolve } from 'node:path';
import { NodeWorkflow } from '@angular-devkit/schematics/tools';
import { Command } from 'commander';
import { lastValueFrom } from 'rxjs';
import { writeLines, type CliIo } from '../cli-io';

/** The package's schematics collection (the same relative place in the sources and in dist/). */
export const COLLECTION_PATH = join(__dirname, '..', '..', 'schematics', 'collection.json');

interface GenerateTaskOptions {
  steps: string;
  depends?: string;
  yaml?: boolean;
  path?: string;
  flat?: boolean;
  spec: boolean;
  dryRun?: boolean;
}

/**
 * Runs a schematic of the collection in `root`, as `nest g -c nestjs-tasker` does: everything is
 * checked and rendered in memory first, so a refusal writes nothing. Returns the created paths.
 */
async function runSchematic(root: string, schematic: string, options: object, dryRun: boolean): Promise<string[]> {
  const workflow = new NodeWorkflow(root, { force: false, dryRun, resolvePaths: [root, __dirname] });
  const created: string[] = [];
  workflow.reporter.subscribe((event) => {
    if (event.kind === 'create') created.push(event.path.replace(/^\//, ''));
  });
  await lastValueFrom(workflow.execute({ collection: COLLECTION_PATH, schematic, options }), {
    defaultValue: undefined,
  });
  return created;
}

/** `tasker generate task <namespace/name> --steps ... --depends ...`: the `task` schematic from the command line. */
export function generateCommand(io: CliIo): Command {
  const generate = new Command('generate').alias('g').description('generate code with the nestjs-tasker schematics');
  generate.addCommand(
    new Command('task')
      .description('a task handler with its DAG (or a YAML template), step handler stubs, a module and a spec')
      .argument('<name>', 'the task: namespace/name, or name (namespace default)')
      .requiredOption('--steps <a,b,c>', 'step names, comma-separated')
      .option('--depends <step:parent,...>', 'dependencies, e.g. b:a,c:a (repeat a step for several parents)')
      .option('--yaml', 'write a YAML template instead of a @TaskHandler class')
      .option('--path <dir>', 'directory to write into [src/tasks]')
      .option('--flat', 'write into --path itself, not a folder named after the task')
      .option('--no-spec', 'do not write a spec')
      .option('--dry-run', 'print what would be written, write nothing')
      .action(async (name: string, options: GenerateTaskOptions) => {
        const root = resolve('.');
        const created = await runSchematic(
          root,
          'task',
          {
            name,
            steps: options.steps,
            depends: options.depends ?? '',
            yaml: options.yaml === true,
            path: options.path,
            flat: options.flat === true,
            spec: options.spec,
          },
          options.dryRun === true,
        );
        const verb = options.dryRun === true ? 'Would create' : 'Created';
        writeLines(
          io.out,
          created.map((path) => `${verb} ${path}`),
        );
      }),
  );
  return generate;
}
