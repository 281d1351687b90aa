import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OperatorActionRecord } from '../../interfaces/operator-action-options.interface';

/**
 * One change of a task's status (`tasker.task_transitions`), append-only. Deliberately without a
 * relation: the table has no foreign keys, so history may outlive (or be archived apart from) the task.
 * @publicApi
 */
@Entity('task_transitions')
@Index('task_transitions_task_idx', ['taskId', 'id'])
export class TaskTransitionEntity {
  /** A bigserial: node-postgres returns int8 as a string, so no precision is lost. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'task_transitions_pkey' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'from_status', type: 'varchar', length: 32, nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 32 })
  toStatus!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  reason!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  worker!: string | null;

  /** The operator action that made the change; null for every other change (`worker` names the worker, if any). */
  @Column({ type: 'jsonb', nullable: true })
  metadata!: OperatorActionRecord | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
