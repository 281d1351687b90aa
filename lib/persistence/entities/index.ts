import { AnnotationTypeEntity } from './annotation-type.entity';
import { NamedStepEntity } from './named-step.entity';
import { NamedTaskEntity } from './named-task.entity';
import { NamespaceEntity } from './namespace.entity';
import { StepEdgeEntity } from './step-edge.entity';
import { StepTransitionEntity } from './step-transition.entity';
import { StepEntity } from './step.entity';
import { TaskAnnotationEntity } from './task-annotation.entity';
import { TaskTransitionEntity } from './task-transition.entity';
import { TaskEntity } from './task.entity';

export {
  AnnotationTypeEntity,
  NamedStepEntity,
  NamedTaskEntity,
  NamespaceEntity,
  StepEdgeEntity,
  StepEntity,
  StepTransitionEntity,
  TaskAnnotationEntity,
  TaskEntity,
  TaskTransitionEntity,
};

/**
 * TypeORM entities for every table of Tasker's data model, for cold paths (reporting, operator
 * tooling) through `dataSource.getRepository(Entity)`. Tasker's own data source (injectable with
 * `@InjectDataSource(TASKER_DATA_SOURCE_NAME)`) already lists them. An app that reads Tasker's tables
 * through a data source of its own adds them to its `entities`; that data source's `schema` must
 * then be Tasker's, and its `synchronize` must stay off.
 *
 * - The schema is never hard-coded: each entity lives in the data source's `schema` option
 *   (Tasker's `database.schema`, default `tasker`), as TypeORM applies it to entities without one.
 * - The migrations own the schema: never turn `synchronize` on for these entities. They agree with
 *   the migrations exactly (TypeORM's schema diff reports nothing to change), which a test enforces.
 * - The hot path (claims, step outcomes, leases) uses plain SQL, not these entities.
 * - jsonb columns are typed `Record<string, unknown>` (or `unknown`); bigserial ids are strings.
 *
 * @example
 * ```ts
 * // entity classes are not exported from the package root: name them ('TaskEntity', 'StepEntity', …)
 * const tasks = dataSource.getRepository('TaskEntity');
 * const failed = await tasks.find({ where: { status: 'error' }, relations: { steps: true } });
 * ```
 * @publicApi
 */
export const TASKER_ENTITIES = [
  NamespaceEntity,
  NamedTaskEntity,
  NamedStepEntity,
  TaskEntity,
  StepEntity,
  StepEdgeEntity,
  TaskTransitionEntity,
  StepTransitionEntity,
  AnnotationTypeEntity,
  TaskAnnotationEntity,
] as const;
