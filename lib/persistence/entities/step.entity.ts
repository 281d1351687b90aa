import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { BackoffOptions } from '../../interfaces/backoff-options.interface';
import type { StepErrorView, StepStatus } from '../../interfaces/task-view.interface';
import { NamedStepEntity } from './named-step.entity';
import { STEP_STATUS_CHECK } from './status-checks';
import { TaskEntity } from './task.entity';

/**
 * A step of a task (`tasker.steps`). The hot path (claims, outcomes, leases) changes these rows
 * with plain SQL; the entity is for reading and for operator tooling.
 *
 * NOTE: the table's `fillfactor = 90` is not expressible in TypeORM metadata (nor compared by its
 * schema diff) and is left to the migration.
 * @publicApi
 */
@Entity('steps')
@Unique('steps_task_id_name_key', ['taskId', 'name'])
@Check('steps_status_check', STEP_STATUS_CHECK)
@Check('steps_max_attempts_check', 'max_attempts >= 1')
@Check('steps_lease_check', `lease_owner IS NULL OR status = 'in_progress'`)
@Index('steps_ready_idx', ['nextAttemptAt'], {
  where: `status IN ('pending', 'waiting_for_retry') AND unfinished_parents = 0`,
})
@Index('steps_lease_idx', ['leaseExpiresAt'], { where: `status = 'in_progress'` })
export class StepEntity {
  /** A UUID (version 7) chosen by Tasker; the table has no default. */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'steps_pkey' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, (task) => task.steps, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'steps_task_id_fkey' })
  task?: Relation<TaskEntity>;

  @Column({ name: 'named_step_id', type: 'int' })
  namedStepId!: number;

  @ManyToOne(() => NamedStepEntity, { nullable: false })
  @JoinColumn({ name: 'named_step_id', foreignKeyConstraintName: 'steps_named_step_id_fkey' })
  namedStep?: Relation<NamedStepEntity>;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  /** Index of the step in its task's dependency order. */
  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 32, default: 'pending' })
  status!: StepStatus;

  @Column({ type: 'boolean', default: true })
  retryable!: boolean;

  /** Runs started, including one in progress. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** Runs a graceful shutdown gave back without counting them as attempts (bounded: see the worker's release bound). */
  @Column({ type: 'int', default: 0 })
  releases!: number;

  @Column({ name: 'max_attempts', type: 'int', default: 3 })
  maxAttempts!: number;

  @Column({ name: 'timeout_ms', type: 'int', nullable: true })
  timeoutMs!: number | null;

  /** Per-step override of the module backoff; null when none. */
  @Column({ type: 'jsonb', nullable: true })
  backoff!: BackoffOptions | null;

  /** What the handler returned; null until the step completes (or when it returned nothing). */
  @Column({ type: 'jsonb', nullable: true })
  results!: unknown;

  @Column({ name: 'last_error', type: 'jsonb', nullable: true })
  lastError!: StepErrorView | null;

  @Column({ name: 'total_parents', type: 'int', default: 0 })
  totalParents!: number;

  /** Parents neither complete nor resolved; 0 means the dependencies are met. */
  @Column({ name: 'unfinished_parents', type: 'int', default: 0 })
  unfinishedParents!: number;

  /** When a ready or waiting step may be claimed; null while blocked. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 128, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt!: Date | null;

  @Column({ name: 'last_attempted_at', type: 'timestamptz', nullable: true })
  lastAttemptedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
