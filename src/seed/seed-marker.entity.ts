import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One row per one-time seed already applied ("topic-tree", "demo-content"). */
@Entity('seed_markers')
export class SeedMarkerEntity {
  @PrimaryColumn({ type: 'text' })
  name: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  appliedAt: Date;
}
