import { randomUUID } from 'node:crypto';
import { DataSource, getMetadataArgsStorage, IsNull, QueryFailedError, type EntityManager } from 'typeorm';
import {
  AnnotationTypeEntity,
  NamedStepEntity,
  NamedTaskEntity,
  NamespaceEntity,
  StepEdgeEntity,
  StepEntity,
  StepTransitionEntity,
  TASKER_ENTITIES,
  TaskAnnotationEntity,
  TaskEntity,
  TaskTransitionEntity,
} from '../../lib/persistence/entities';
import { runTaskerMigrations } from '../../lib/persistence/run-tasker-migrations';
import { postgresDataSourceOptions } from '../../lib/persistence/tasker-data-source-options';
import { createMigratedDatabase, type MigratedDatabase } from '../support/migrated-database';
import { itemAt } from '../support/present';

/**
 * One line per column, constraint, index and table storage option of a schema, with the schema
 * name replaced by `S`, so two schemas can be compared line by line.
 */
const DESCRIBE_SCHEMA = `
SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
       || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> 'migrations'
UNION ALL
SELECT 'constraint ' || c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
  FROM pg_constraint k
  JOIN pg_class c ON c.oid = k.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relname <> 'migrations'
UNION ALL
SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename <> 'migrations'
UNION ALL
SELECT 'table ' || c.relname || coalesce(' WITH ' || array_to_string(c.reloptions, ','), '')
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname <> 'migrations'
ORDER BY 1`;

async function describeSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  const rows: Array<{ line: string }> = await dataSource.query(DESCRIBE_SCHEMA, [schema]);
  return rows.map((row) => row.line.replaceAll(`${schema}.`, 'S.'));
}

/** The SQL TypeORM's schema diff would run to make the database match the entities. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((query) => query.query);
}

describe('TASKER_ENTITIES (PostgreSQL)', () => {
  let database: MigratedDatabase;
  const extraSources: DataSource[] = [];

  /** Another data source on the test database, in `schema`, migrated unless told otherwise. */
  async function openSchema(schema: string, migrate = true): Promise<DataSource> {
    const source = new DataSource(postgresDataSourceOptions(database.url, schema, 2));
    await source.initialize();
    extraSources.push(source);
    if (migrate) await runTaskerMigrations(source, schema, false);
    return source;
  }

  beforeAll(async () => {
    database = await createMigratedDatabase();
  });

  afterAll(async () => {
    await Promise.all(extraSources.splice(0).map((source) => source.destroy()));
    await database?.close();
  });

  describe('schema', () => {
    it('should map one table each, in the data source schema, none hard-coded', () => {
      const declared = getMetadataArgsStorage().tables.filter((table) =>
        (TASKER_ENTITIES as readonly unknown[]).includes(table.target),
      );
      expect(declared).toHaveLength(TASKER_ENTITIES.length);
      expect(declared.filter((table) => table.schema !== undefined)).toEqual([]);
      const tables = TASKER_ENTITIES.map((entity) => database.dataSource.getMetadata(entity).tablePath);
      expect(tables).toEqual([
        'tasker.namespaces',
        'tasker.named_tasks',
        'tasker.named_steps',
        'tasker.tasks',
        'tasker.steps',
        'tasker.step_edges',
        'tasker.task_transitions',
        'tasker.step_transitions',
        'tasker.annotation_types',
        'tasker.task_annotations',
      ]);
    });

    it('should report no pending changes against the migrated schema', async () => {
      expect(await pendingSchemaChanges(database.dataSource)).toEqual([]);
    });

    it('should follow a configured schema and agree with the migrations there too', async () => {
      const custom = await openSchema('tasker_custom');
      expect(custom.getMetadata(TaskEntity).tablePath).toBe('tasker_custom.tasks');
      expect(await pendingSchemaChanges(custom)).toEqual([]);
    });

    it('should see drift (the check above is not vacuous)', async () => {
      const drifted = await openSchema('tasker_drifted');
      await drifted.query(`
        DROP INDEX tasker_drifted.steps_ready_idx;
        ALTER TABLE tasker_drifted.steps DROP CONSTRAINT steps_max_attempts_check;
        ALTER TABLE tasker_drifted.tasks ALTER COLUMN tags SET DEFAULT '{x}';
        ALTER TABLE tasker_drifted.step_edges DROP CONSTRAINT step_edges_child_id_fkey`);
      const changes = await pendingSchemaChanges(drifted);
      expect(changes).toEqual(
        expect.arrayContaining([
          expect.stringContaining('CREATE INDEX "steps_ready_idx"'),
          expect.stringContaining('ADD CONSTRAINT "steps_max_attempts_check" CHECK (max_attempts >= 1)'),
          expect.stringContaining(`ALTER COLUMN "tags" SET DEFAULT '{}'`),
          expect.stringContaining('ADD CONSTRAINT "step_edges_child_id_fkey"'),
        ]),
      );
      expect(changes).toHaveLength(4);
    });

    // TypeORM's diff compares indexes by name, columns, uniqueness and method, and checks by name
    // only: it is blind to partial-index predicates and CHECK expressions. So the entities also
    // build a scratch schema (synchronize, in this test only) that is compared with the migrated one
    // through the catalog. The differences allowed are exactly those TypeORM metadata cannot express.
    it('should build what the migrations build, but for what TypeORM cannot express', async () => {
      const scratch = await openSchema('tasker_from_entities', false);
      await scratch.query('CREATE SCHEMA tasker_from_entities');
      await scratch.synchronize();
      const migrated = await describeSchema(database.dataSource, 'tasker');
      const fromEntities = await describeSchema(scratch, 'tasker_from_entities');

      expect({
        onlyInMigrations: migrated.filter((line) => !fromEntities.includes(line)),
        onlyInEntities: fromEntities.filter((line) => !migrated.includes(line)),
      }).toEqual({
        onlyInMigrations: [
          // @Index has no operator class
          'index CREATE INDEX task_annotations_annotation_idx ON S.task_annotations USING gin (annotation jsonb_path_ops)',
          // @Index has no per-column sort order
          'index CREATE INDEX tasks_created_at_idx ON S.tasks USING btree (created_at DESC, id DESC)',
          'index CREATE INDEX tasks_name_created_at_idx ON S.tasks USING btree (namespace, name, created_at DESC)',
          'index CREATE INDEX tasks_status_created_at_idx ON S.tasks USING btree (status, created_at DESC)',
          // @Entity has no storage parameters
          'table steps WITH fillfactor=90',
          'table tasks WITH fillfactor=80',
        ],
        onlyInEntities: [
          'index CREATE INDEX task_annotations_annotation_idx ON S.task_annotations USING gin (annotation)',
          'index CREATE INDEX tasks_created_at_idx ON S.tasks USING btree (created_at, id)',
          'index CREATE INDEX tasks_name_created_at_idx ON S.tasks USING btree (namespace, name, created_at)',
          'index CREATE INDEX tasks_status_created_at_idx ON S.tasks USING btree (status, created_at)',
          'table steps',
          'table tasks',
        ],
      });
      // The comparison covers something: every table, with its partial indexes and checks.
      expect(migrated).toEqual(
        expect.arrayContaining([
          `index CREATE INDEX steps_lease_idx ON S.steps USING btree (lease_expires_at) WHERE ((status)::text = 'in_progress'::text)`,
          expect.stringMatching(/^constraint tasks\.tasks_status_check CHECK/),
        ]),
      );
      expect(new Set(migrated.filter((line) => line.startsWith('table ')).map((line) => line.split(' ')[1])).size).toBe(
        10,
      );
    });
  });

  describe('repositories', () => {
    /** Runs `fn` in a transaction that is always rolled back, so tests leave nothing behind. */
    async function inRolledBackTransaction(fn: (manager: EntityManager) => Promise<void>): Promise<void> {
      const runner = database.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await fn(runner.manager);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }

    /** A namespace, a named task with two named steps, and a task with two steps joined by one edge. */
    async function seed(manager: EntityManager, extra: Partial<TaskEntity> = {}) {
      const namespace = await manager.save(
        NamespaceEntity,
        manager.create(NamespaceEntity, { name: `ns_${randomUUID()}` }),
      );
      const namedTask = await manager.save(
        NamedTaskEntity,
        manager.create(NamedTaskEntity, { namespaceId: namespace.id, name: 'flow', version: '1.0.0' }),
      );
      const namedSteps = await manager.save(NamedStepEntity, [
        manager.create(NamedStepEntity, { namedTaskId: namedTask.id, name: 'first', handler: 'demo.first' }),
        manager.create(NamedStepEntity, { namedTaskId: namedTask.id, name: 'second', handler: 'demo.second' }),
      ]);
      const first = itemAt(namedSteps, 0, 'named step');
      const second = itemAt(namedSteps, 1, 'named step');
      const task = await manager.save(
        TaskEntity,
        manager.create(TaskEntity, {
          id: randomUUID(),
          namedTaskId: namedTask.id,
          namespace: namespace.name,
          name: 'flow',
          version: '1.0.0',
          context: { order: { id: 7, lines: ['a', 'b'] } },
          totalSteps: 2,
          ...extra,
        }),
      );
      const steps = await manager.save(StepEntity, [
        manager.create(StepEntity, {
          id: randomUUID(),
          taskId: task.id,
          namedStepId: first.id,
          name: 'first',
          position: 0,
        }),
        manager.create(StepEntity, {
          id: randomUUID(),
          taskId: task.id,
          namedStepId: second.id,
          name: 'second',
          position: 1,
          totalParents: 1,
          unfinishedParents: 1,
          backoff: { baseMs: 50 },
        }),
      ]);
      const parent = itemAt(steps, 0, 'step');
      const child = itemAt(steps, 1, 'step');
      await manager.save(
        StepEdgeEntity,
        manager.create(StepEdgeEntity, { taskId: task.id, parentId: parent.id, childId: child.id }),
      );
      return { namespace, namedTask, task, parent, child };
    }

    it('should write rows whose database defaults read back typed', async () => {
      await inRolledBackTransaction(async (manager) => {
        const { namedTask, task } = await seed(manager);

        const stored = await manager.findOneByOrFail(TaskEntity, { id: task.id });
        expect(stored).toMatchObject({
          status: 'pending',
          tags: [],
          context: { order: { id: 7, lines: ['a', 'b'] } },
          initiator: null,
          idempotencyKey: null,
          completedSteps: 0,
          activeSteps: 0,
          failedSteps: 0,
          startedAt: null,
          completedAt: null,
        });
        expect(stored.createdAt).toBeInstanceOf(Date);
        expect(stored.updatedAt).toBeInstanceOf(Date);
        expect((await manager.findOneByOrFail(NamedTaskEntity, { id: namedTask.id })).configuration).toEqual({});
      });
    });

    it('should load a task with its steps and each step with its edges and named step', async () => {
      await inRolledBackTransaction(async (manager) => {
        const { task, parent, child } = await seed(manager, { tags: ['urgent', 'eu'], idempotencyKey: 'order-7' });

        const loaded = await manager.findOneOrFail(TaskEntity, {
          where: { id: task.id },
          relations: { steps: { namedStep: true }, namedTask: { namespace: true } },
          order: { steps: { position: 'ASC' } },
        });
        expect(loaded.tags).toEqual(['urgent', 'eu']);
        expect(loaded.namedTask?.namespace?.name).toBe(task.namespace);
        expect(
          loaded.steps?.map((step) => [
            step.name,
            step.status,
            step.retryable,
            step.maxAttempts,
            step.namedStep?.handler,
          ]),
        ).toEqual([
          ['first', 'pending', true, 3, 'demo.first'],
          ['second', 'pending', true, 3, 'demo.second'],
        ]);
        expect(loaded.steps?.[1]?.backoff).toEqual({ baseMs: 50 });

        const edge = await manager.findOneOrFail(StepEdgeEntity, {
          where: { childId: child.id },
          relations: { parent: true, child: true },
        });
        expect([edge.parent?.name, edge.child?.name]).toEqual(['first', 'second']);
        expect(await manager.findBy(TaskEntity, { id: task.id, startedAt: IsNull() })).toHaveLength(1);
        expect(parent.id).toBe(edge.parentId);
      });
    });

    it('should return bigserial ids as strings', async () => {
      await inRolledBackTransaction(async (manager) => {
        const { task, parent } = await seed(manager);
        const taskTransition = await manager.save(
          TaskTransitionEntity,
          manager.create(TaskTransitionEntity, {
            taskId: task.id,
            fromStatus: null,
            toStatus: 'pending',
            reason: 'created',
          }),
        );
        const stepTransition = await manager.save(
          StepTransitionEntity,
          manager.create(StepTransitionEntity, {
            taskId: task.id,
            stepId: parent.id,
            fromStatus: 'in_progress',
            toStatus: 'waiting_for_retry',
            error: { message: 'boom', code: null, type: 'RetryableError' },
          }),
        );
        const type = await manager.save(
          AnnotationTypeEntity,
          manager.create(AnnotationTypeEntity, { name: `t_${randomUUID()}` }),
        );
        const annotation = await manager.save(
          TaskAnnotationEntity,
          manager.create(TaskAnnotationEntity, {
            taskId: task.id,
            annotationTypeId: type.id,
            annotation: { ticket: 'OPS-1' },
          }),
        );

        expect(taskTransition.id).toMatch(/^\d+$/);
        expect(annotation.id).toMatch(/^\d+$/);
        const readBack = await manager.findOneByOrFail(StepTransitionEntity, { id: stepTransition.id });
        expect(readBack).toMatchObject({
          id: stepTransition.id,
          attempt: 0,
          error: { message: 'boom', code: null, type: 'RetryableError' },
        });
        expect(typeof readBack.id).toBe('string');
        const annotated = await manager.findOneOrFail(TaskEntity, {
          where: { id: task.id },
          relations: { annotations: true },
        });
        expect(annotated.annotations?.map((row) => row.annotation)).toEqual([{ ticket: 'OPS-1' }]);
      });
    });

    it('should let the database enforce its constraints', async () => {
      await inRolledBackTransaction(async (manager) => {
        const { task } = await seed(manager, { idempotencyKey: 'dup' });
        const savepoint = async (fn: () => Promise<unknown>): Promise<unknown> => {
          await manager.query('SAVEPOINT attempt');
          try {
            await fn();
            return undefined;
          } catch (error) {
            return error;
          } finally {
            await manager.query('ROLLBACK TO SAVEPOINT attempt');
          }
        };
        // A second task of the same namespace/name with the same key.
        const duplicate = () =>
          manager.insert(TaskEntity, {
            id: randomUUID(),
            namedTaskId: task.namedTaskId,
            namespace: task.namespace,
            name: task.name,
            version: '2.0.0',
            context: {},
            totalSteps: 0,
            idempotencyKey: task.idempotencyKey,
          });

        expect(
          await savepoint(() =>
            manager.update(TaskEntity, { id: task.id }, { status: 'bogus' as TaskEntity['status'] }),
          ),
        ).toBeInstanceOf(QueryFailedError);
        expect(await savepoint(duplicate)).toMatchObject({ driverError: { constraint: 'tasks_idempotency_key_uq' } });
        // The unique index is partial: tasks without a key never collide.
        await manager.update(TaskEntity, { id: task.id }, { idempotencyKey: null });
        task.idempotencyKey = null;
        expect(await savepoint(duplicate)).toBeUndefined();
      });
    });

    it('should cascade a task delete to its steps, edges and annotations', async () => {
      await inRolledBackTransaction(async (manager) => {
        const { task } = await seed(manager);
        const type = await manager.save(
          AnnotationTypeEntity,
          manager.create(AnnotationTypeEntity, { name: `t_${randomUUID()}` }),
        );
        await manager.insert(TaskAnnotationEntity, { taskId: task.id, annotationTypeId: type.id, annotation: {} });

        await manager.delete(TaskEntity, { id: task.id });

        expect(await manager.countBy(StepEntity, { taskId: task.id })).toBe(0);
        expect(await manager.countBy(StepEdgeEntity, { taskId: task.id })).toBe(0);
        expect(await manager.countBy(TaskAnnotationEntity, { taskId: task.id })).toBe(0);
      });
    });
  });
});
