import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { NamedTaskEntity } from './named-task.entity';

/**
 * A namespace of task handlers (`tasker.namespaces`). Constraint names are PostgreSQL's own (those
 * the migration's inline constraints got), so TypeORM's schema diff matches them by name.
 * @publicApi
 */
@Entity('namespaces')
@Unique('namespaces_name_key', ['name'])
export class NamespaceEntity {
  @PrimaryGeneratedColumn('increment', { type: 'int', primaryKeyConstraintName: 'namespaces_pkey' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @OneToMany(() => NamedTaskEntity, (namedTask) => namedTask.namespace)
  namedTasks?: Array<Relation<NamedTaskEntity>>;
}
