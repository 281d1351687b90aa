export { backoffProblems, mergeBackoff, retryDelayMs } from './backoff';
export type { HandlerResolver } from './build-step-definition';
export { buildTaskDefinition } from './build-task-definition';
export { compileContextValidator, instancePathToField, type ContextValidator } from './context-validator';
export { DEFAULT_MAX_ATTEMPTS, DEFAULT_NAMESPACE, DEFAULT_VERSION, MAX_TIMEOUT_MS } from './definition-defaults';
export {
  ancestorsOf,
  dependencyLevels,
  findCycle,
  findDuplicateNames,
  findSelfDependencies,
  findUnknownDependencies,
  leafSteps,
  rootSteps,
  topologicalOrder,
  type DependencyCycle,
  type DependencyNode,
  type UnknownDependency,
} from './dependency-graph';
export { compareSemver, isSemver, newestVersion } from './semver';
export { taskKey, type StepDefinition, type TaskDefinition } from './task-definition';
export { TASK_TEMPLATE_SCHEMA } from './task-template.schema';
export { loadYamlTemplates, type LoadedTemplate, type YamlTaskTemplate } from './yaml-template.loader';
