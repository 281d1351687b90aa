import { formatValue } from '../definition/format-value';
import { isRecord } from '../definition/is-record';
import { TaskerConfigurationError } from '../errors/tasker-configuration.error';
import { editDistance, nearMissThreshold } from './edit-distance';
import { TASKER_OPTION_SHAPE, taskerOptionPaths } from './tasker-option-shape';

/**
 * Refuses option names Tasker does not know, at every level, and groups that are not objects
 * (`worker: true`). A near miss gets a suggestion: `concurrency.maxx` → did you mean
 * `concurrency.max`?; a name under the wrong group too: `concurrency.pollIntervalMs` → did you mean
 * `worker.pollIntervalMs`?. Types of the values themselves are checked by the resolver.
 */
export function checkOptionNames(options: unknown): void {
  if (!isRecord(options))
    throw new TaskerConfigurationError('(options)', `must be an object, got ${formatValue(options)}`);
  for (const [name, value] of Object.entries(options)) {
    if (!Object.hasOwn(TASKER_OPTION_SHAPE, name)) throw unknownOption(name, value, Object.keys(TASKER_OPTION_SHAPE));
    const shape: true | Record<string, true> = TASKER_OPTION_SHAPE[name as keyof typeof TASKER_OPTION_SHAPE];
    if (shape === true || value === undefined) continue;
    if (!isRecord(value)) {
      throw new TaskerConfigurationError(
        name,
        `must be an object of options (${Object.keys(shape).join(', ')}), got ${formatValue(value)}`,
      );
    }
    const children = Object.keys(shape);
    for (const [child, childValue] of Object.entries(value)) {
      if (!Object.hasOwn(shape, child))
        throw unknownOption(
          `${name}.${child}`,
          childValue,
          children.map((known) => `${name}.${known}`),
        );
    }
  }
}

function unknownOption(path: string, value: unknown, siblings: string[]): TaskerConfigurationError {
  const suggestion = closestOption(path, siblings);
  const hint =
    suggestion === undefined
      ? `; the options here are ${siblings.map((known) => `\`${known}\``).join(', ')}`
      : `; did you mean \`${suggestion}\`?`;
  return new TaskerConfigurationError(path, `is not a Tasker option (got ${formatValue(value)})${hint}`);
}

/** The known option nearest to `path`: a sibling first, else one of that name in another group. */
function closestOption(path: string, siblings: string[]): string | undefined {
  const name = lastSegment(path);
  const threshold = nearMissThreshold(name);
  const nearest = (candidates: string[]): string | undefined => {
    let best: { path: string; distance: number } | undefined;
    for (const candidate of candidates) {
      const distance = editDistance(name, lastSegment(candidate));
      if (distance <= threshold && (best === undefined || distance < best.distance))
        best = { path: candidate, distance };
    }
    return best?.path;
  };
  return nearest(siblings) ?? nearest(taskerOptionPaths().filter((candidate) => !siblings.includes(candidate)));
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
