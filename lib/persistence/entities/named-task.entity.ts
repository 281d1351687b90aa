import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { NamedStepEntity } from './named-step.entity';
import { NamespaceEntity } from './namespace.entity';

/**
 * A registered task handler version (`tasker.named_tasks`): one row per namespace/name/version,
 * with the definition as last registered in `configuration`.
 * @publicApi
 */
@Entity('named_tasks')
@Unique('named_tasks_namespace_id_name_version_key', ['namespaceId', 'name', 'version'])
export class NamedTaskEntity {
  @PrimaryGeneratedColumn('increment', { type: 'int', primaryKeyConstraintName: 'named_tasks_pkey' })
  id!: number;

  @Column({ name: 'namespace_id', type: 'int' })
  namespaceId!: number;

  @ManyToOne(() => NamespaceEntity, (namespace) => namespace.namedTasks, { nullable: false })
  @JoinColumn({ name: 'namespace_id', foreignKeyConstraintName: 'named_tasks_namespace_id_fkey' })
  namespace?: Relation<NamespaceEntity>;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  version!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'jsonb', default: {} })
  configuration!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany(() => NamedStepEntity, (namedStep) => namedStep.namedTask)
  namedSteps?: Array<Relation<NamedStepEntity>>;
}
