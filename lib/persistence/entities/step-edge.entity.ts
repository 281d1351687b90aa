import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { StepEntity } from './step.entity';
import { TaskEntity } from './task.entity';

/** A dependency between two steps of one task (`tasker.step_edges`): `child` waits for `parent`. @publicApi */
@Entity('step_edges')
@Check('step_edges_check', 'parent_id <> child_id')
@Index('step_edges_child_idx', ['childId'])
@Index('step_edges_task_idx', ['taskId'])
export class StepEdgeEntity {
  @PrimaryColumn({ name: 'parent_id', type: 'uuid', primaryKeyConstraintName: 'step_edges_pkey' })
  parentId!: string;

  @PrimaryColumn({ name: 'child_id', type: 'uuid', primaryKeyConstraintName: 'step_edges_pkey' })
  childId!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'step_edges_task_id_fkey' })
  task?: Relation<TaskEntity>;

  @ManyToOne(() => StepEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'step_edges_parent_id_fkey' })
  parent?: Relation<StepEntity>;

  @ManyToOne(() => StepEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'child_id', foreignKeyConstraintName: 'step_edges_child_id_fkey' })
  child?: Relation<StepEntity>;
}
