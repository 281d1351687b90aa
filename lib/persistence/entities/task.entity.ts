import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { TaskStatus } from '../../interfaces/task-view.interface';
import { NamedTaskEntity } from './named-task.entity';
import { TASK_STATUS_CHECK } from './status-checks';
import { StepEntity } from './step.entity';
import { TaskAnnotationEntity } from './task-annotation.entity';

/**
 * A task (`tasker.tasks`): one run of a task handler version with its context.
 *
 * NOTE: not expressible in TypeORM metadata, and not compared by its schema diff, so left to the
 * migration: the table's `fillfactor = 80` and the `DESC` column order of the three
 * `*_created_at_idx` indexes (TypeORM's `@Index` takes column names only).
 * @publicApi
 */
@Entity('tasks')
@Check('tasks_status_check', TASK_STATUS_CHECK)
@Index('tasks_idempotency_key_uq', ['namespace', 'name', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Index('tasks_created_at_idx', ['createdAt', 'id'])
@Index('tasks_status_created_at_idx', ['status', 'createdAt'])
@Index('tasks_name_created_at_idx', ['namespace', 'name', 'createdAt'])
@Index('tasks_named_task_idx', ['namedTaskId'])
export class TaskEntity {
  /** A UUID (version 7) chosen by Tasker; the table has no default. */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'tasks_pkey' })
  id!: string;

  @Column({ name: 'named_task_id', type: 'int' })
  namedTaskId!: number;

  @ManyToOne(() => NamedTaskEntity, { nullable: false })
  @JoinColumn({ name: 'named_task_id', foreignKeyConstraintName: 'tasks_named_task_id_fkey' })
  namedTask?: Relation<NamedTaskEntity>;

  @Column({ type: 'varchar', length: 64 })
  namespace!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  version!: string;

  @Column({ type: 'varchar', length: 32, default: 'pending' })
  status!: TaskStatus;

  @Column({ type: 'jsonb' })
  context!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 128, nullable: true })
  initiator!: string | null;

  @Column({ name: 'source_system', type: 'varchar', length: 128, nullable: true })
  sourceSystem!: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  reason!: string | null;

  @Column({ type: 'text', array: true, default: [] })
  tags!: string[];

  @Column({ name: 'idempotency_key', type: 'varchar', length: 256, nullable: true })
  idempotencyKey!: string | null;

  /** Set at creation (the request's, else generated); null for tasks created before it was stored. */
  @Column({ name: 'correlation_id', type: 'varchar', length: 100, nullable: true })
  correlationId!: string | null;

  /** The W3C trace context of the task's span (`{ traceparent, tracestate? }`), or null. */
  @Column({ name: 'trace_context', type: 'jsonb', nullable: true })
  traceContext!: { traceparent: string; tracestate?: string } | null;

  @Column({ name: 'total_steps', type: 'int' })
  totalSteps!: number;

  /** Steps complete or resolved manually (kept by the statements that change step statuses). */
  @Column({ name: 'completed_steps', type: 'int', default: 0 })
  completedSteps!: number;

  /** Steps ready, in progress or waiting for a retry. */
  @Column({ name: 'active_steps', type: 'int', default: 0 })
  activeSteps!: number;

  /** Steps in `error`. */
  @Column({ name: 'failed_steps', type: 'int', default: 0 })
  failedSteps!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @OneToMany(() => StepEntity, (step) => step.task)
  steps?: Array<Relation<StepEntity>>;

  @OneToMany(() => TaskAnnotationEntity, (annotation) => annotation.task)
  annotations?: Array<Relation<TaskAnnotationEntity>>;
}
