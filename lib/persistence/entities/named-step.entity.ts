import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { NamedTaskEntity } from './named-task.entity';

/** A step template of a registered task handler version (`tasker.named_steps`). @publicApi */
@Entity('named_steps')
@Unique('named_steps_named_task_id_name_key', ['namedTaskId', 'name'])
export class NamedStepEntity {
  @PrimaryGeneratedColumn('increment', { type: 'int', primaryKeyConstraintName: 'named_steps_pkey' })
  id!: number;

  @Column({ name: 'named_task_id', type: 'int' })
  namedTaskId!: number;

  @ManyToOne(() => NamedTaskEntity, (namedTask) => namedTask.namedSteps, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'named_task_id', foreignKeyConstraintName: 'named_steps_named_task_id_fkey' })
  namedTask?: Relation<NamedTaskEntity>;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  /** The registered step handler name. */
  @Column({ type: 'varchar', length: 256 })
  handler!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;
}
