import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { AnnotationTypeEntity } from './annotation-type.entity';
import { TaskEntity } from './task.entity';

/**
 * A JSON annotation on a task (`tasker.task_annotations`).
 *
 * NOTE: the migration builds `task_annotations_annotation_idx` as `USING gin (annotation
 * jsonb_path_ops)`. `type: 'gin'` is compared by TypeORM's schema diff; the operator class is not
 * expressible in `@Index` and stays the migration's.
 * @publicApi
 */
@Entity('task_annotations')
@Index('task_annotations_task_idx', ['taskId'])
@Index('task_annotations_type_idx', ['annotationTypeId'])
@Index('task_annotations_annotation_idx', ['annotation'], { type: 'gin' })
export class TaskAnnotationEntity {
  /** A bigserial: node-postgres returns int8 as a string, so no precision is lost. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'task_annotations_pkey' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, (task) => task.annotations, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_annotations_task_id_fkey' })
  task?: Relation<TaskEntity>;

  @Column({ name: 'annotation_type_id', type: 'int' })
  annotationTypeId!: number;

  @ManyToOne(() => AnnotationTypeEntity, { nullable: false })
  @JoinColumn({ name: 'annotation_type_id', foreignKeyConstraintName: 'task_annotations_annotation_type_id_fkey' })
  annotationType?: Relation<AnnotationTypeEntity>;

  @Column({ type: 'jsonb' })
  annotation!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
