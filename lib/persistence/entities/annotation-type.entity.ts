import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A kind of task annotation (`tasker.annotation_types`). @publicApi */
@Entity('annotation_types')
@Unique('annotation_types_name_key', ['name'])
export class AnnotationTypeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'int', primaryKeyConstraintName: 'annotation_types_pkey' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;
}
