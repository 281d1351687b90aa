import { Command, Option } from 'commander';
import type { TaskStatus } from '../../lib/domain/statuses';
import { writeJson, writeLines, type CliIo } from '../cli-io';
import { databaseOptions, databaseTarget, type DatabaseCliOptions } from '../database/database-options';
import { withTaskerService } from '../database/tasker-context';
import { explanationText, taskListText, taskText } from '../output/task-text';
import { integerIn, jsonValue, taskId, taskStatus } from './parse-arguments';

interface ListOptions extends DatabaseCliOptions {
  status?: TaskStatus;
  namespace?: string;
  name?: string;
  limit: number;
  offset: number;
  json?: boolean;
}

interface ShowOptions extends DatabaseCliOptions {
  json?: boolean;
}

interface ActionOptions extends DatabaseCliOptions {
  reason?: string;
  actor?: string;
  json?: boolean;
}

interface ResolveOptions extends ActionOptions {
  results?: unknown;
}

/** Adds the database options to a subcommand. */
function connecting(command: Command): Command {
  for (const option of databaseOptions()) command.addOption(option);
  return command;
}

/** Adds `--reason`, `--actor` and `--json` to an operator action. */
function operatorAction(command: Command): Command {
  return connecting(command)
    .option('--reason <text>', 'why, recorded on the transitions')
    .option('--actor <name>', 'who, recorded on the transitions [cli]')
    .option('--json', 'print the task as JSON');
}

/** `tasker tasks ...`: read and operate tasks in a database, as `TaskerService` does. */
export function tasksCommand(io: CliIo): Command {
  const tasks = new Command('tasks').description('list, show, explain and operate tasks in a database');

  tasks.addCommand(
    connecting(new Command('list'))
      .description('list tasks, newest first')
      .addOption(new Option('--status <status>', 'only tasks in this status').argParser(taskStatus))
      .option('--namespace <namespace>', 'only tasks of this namespace')
      .option('--name <name>', 'only tasks of this name')
      .addOption(new Option('--limit <n>', 'at most n tasks (1-1000)').argParser(integerIn(1, 1000)).default(20))
      .addOption(
        new Option('--offset <n>', 'skip the first n').argParser(integerIn(0, Number.MAX_SAFE_INTEGER)).default(0),
      )
      .option('--json', 'print { tasks, total } as JSON')
      .action(async (options: ListOptions) => {
        const { status, namespace, name, limit, offset } = options;
        const list = await withTaskerService(databaseTarget(options), (tasker) =>
          tasker.listTasks({ status, namespace, name, limit, offset }),
        );
        if (options.json === true) writeJson(io.out, list);
        else writeLines(io.out, taskListText(list, offset));
      }),
  );

  tasks.addCommand(
    connecting(new Command('show'))
      .description('show a task and its steps')
      .argument('<id>', 'task id', taskId)
      .option('--json', 'print the task as JSON')
      .action(async (id: string, options: ShowOptions) => {
        const task = await withTaskerService(databaseTarget(options), (tasker) => tasker.getTask(id));
        if (options.json === true) writeJson(io.out, task);
        else writeLines(io.out, taskText(task));
      }),
  );

  tasks.addCommand(
    connecting(new Command('explain'))
      .description("show the task's DAG: each step's status, attempts and why it is or is not running")
      .argument('<id>', 'task id', taskId)
      .option('--json', 'print the explanation as JSON')
      .action(async (id: string, options: ShowOptions) => {
        const [explanation, task] = await withTaskerService(databaseTarget(options), (tasker) =>
          Promise.all([tasker.explainTask(id), tasker.getTask(id)]),
        );
        if (options.json === true) writeJson(io.out, explanation);
        else writeLines(io.out, explanationText(explanation, task));
      }),
  );

  tasks.addCommand(
    operatorAction(new Command('cancel'))
      .description('cancel a pending, running or failed task')
      .argument('<id>', 'task id', taskId)
      .action(async (id: string, options: ActionOptions) => {
        const task = await withTaskerService(databaseTarget(options), (tasker) =>
          tasker.cancelTask(id, { actor: options.actor ?? 'cli', reason: options.reason }),
        );
        report(io, `Cancelled task ${task.id}: ${task.status}`, task, options);
      }),
  );

  tasks.addCommand(
    operatorAction(new Command('retry'))
      .description('give a failed step a fresh set of attempts (the app’s workers run it)')
      .argument('<id>', 'task id', taskId)
      .argument('<step>', 'step name')
      .action(async (id: string, step: string, options: ActionOptions) => {
        const task = await withTaskerService(databaseTarget(options), (tasker) =>
          tasker.retryStep(id, step, { actor: options.actor ?? 'cli', reason: options.reason }),
        );
        report(io, `Retrying step "${step}" of task ${task.id}: task ${task.status}`, task, options);
      }),
  );

  tasks.addCommand(
    operatorAction(new Command('resolve'))
      .description('mark a pending, waiting or failed step as done with the given results')
      .argument('<id>', 'task id', taskId)
      .argument('<step>', 'step name')
      .addOption(new Option('--results <json>', "the step's results, as JSON").argParser(jsonValue))
      .action(async (id: string, step: string, options: ResolveOptions) => {
        const task = await withTaskerService(databaseTarget(options), (tasker) =>
          tasker.resolveStepManually(id, step, options.results, {
            actor: options.actor ?? 'cli',
            reason: options.reason,
          }),
        );
        report(io, `Resolved step "${step}" of task ${task.id}: task ${task.status}`, task, options);
      }),
  );

  return tasks;
}

function report(io: CliIo, line: string, task: unknown, options: { json?: boolean }): void {
  if (options.json === true) writeJson(io.out, task);
  else writeLines(io.out, [line]);
}
