import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OperatorActionRecord } from '../../interfaces/operator-action-options.interface';
import type { StepErrorView } from '../../interfaces/task-view.interface';

/**
 * One change of a step's status (`tasker.step_transitions`), append-only and, like
 * {@link TaskTransitionEntity}, deliberately without foreign keys or relations.
 * @publicApi
 */
@Entity('step_transitions')
@Index('step_transitions_task_idx', ['taskId', 'id'])
export class StepTransitionEntity {
  /** A bigserial: node-postgres returns int8 as a string, so no precision is lost. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'step_transitions_pkey' })
  id!: string;

  @Column({ name: 'step_id', type: 'uuid' })
  stepId!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'from_status', type: 'varchar', length: 32, nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 32 })
  toStatus!: string;

  /** The attempt the change belongs to (0 before the first run). */
  @Column({ type: 'int', default: 0 })
  attempt!: number;

  @Column({ type: 'varchar', length: 128, nullable: true })
  worker!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  error!: StepErrorView | null;

  /** The operator action that made the change; null for every other change (`worker` names the worker, if any). */
  @Column({ type: 'jsonb', nullable: true })
  metadata!: OperatorActionRecord | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
