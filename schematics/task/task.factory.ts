import { SchematicsException, type Rule, type Tree } from '@angular-devkit/schematics';
import type { TaskSchematicOptions } from './task-options';
import { renderTaskFiles } from './render-task-files';
import { taskSpec, TaskSpecError } from './task-spec';

/**
 * The `task` schematic: a Tasker task (a `@TaskHandler` class, or with `yaml` a YAML template),
 * one `@StepHandler` stub per step, a module providing them and a spec that runs the task. Bad
 * options (a name that makes no class, an unknown dependency, a cycle) and files that already
 * exist are refused before anything is written.
 */
export function task(options: TaskSchematicOptions): Rule {
  return (tree: Tree) => {
    let files;
    try {
      files = renderTaskFiles(taskSpec(options));
    } catch (error) {
      if (error instanceof TaskSpecError) throw new SchematicsException(error.message);
      throw error;
    }
    const existing = files.filter((file) => tree.exists(file.path)).map((file) => file.path);
    if (existing.length > 0) throw new SchematicsException(`would overwrite ${existing.join(', ')}`);
    for (const file of files) tree.create(file.path, file.content);
    return tree;
  };
}
