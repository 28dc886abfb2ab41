import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Durable room events (outbox): every event a room receives, numbered by `seq` per room and
 * stored in the transaction of the change it reports. Kept for ROOM_EVENT_RETENTION_DAYS.
 */
@Entity('room_events')
@Index('room_events_created_at_idx', ['createdAt'])
export class RoomEventEntity {
  @PrimaryColumn({ type: 'text' })
  room: string;

  @PrimaryColumn({ type: 'bigint' })
  seq: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** The last `seq` given out per room; its row lock serializes appends to one room. */
@Entity('room_sequences')
export class RoomSequenceEntity {
  @PrimaryColumn({ type: 'text' })
  room: string;

  @Column({ type: 'bigint' })
  lastSeq: string;
}
