import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { DomainEventBus } from '../platform/events/domain-event-bus';
import { TransactionHooksService } from '../platform/events/transaction-hooks.service';
import { NewRoomEvent, RoomEvents, RoomEventType, StoredRoomEvent } from './room-events';
import { prepared } from '../platform/database/prepared';

interface EventRow {
  room: string;
  seq: string;
  type: RoomEventType;
  data: object;
  created_at: Date;
}

const toEnvelope = (row: EventRow): StoredRoomEvent => ({
  room: row.room,
  seq: Number(row.seq),
  type: row.type,
  data: row.data,
  at: new Date(row.created_at).toISOString(),
});

/** Rows deleted per statement by the retention cleanup. */
const CLEANUP_BATCH = 5000;
const CLEANUP_INTERVAL_MS = 3_600_000;
/** A feature's row stored with its room event (`RoomEventsService.storeWithRow`). */
export interface SequencedRow {
  /** A CTE body run first (`INSERT … RETURNING`, `SELECT …`): nothing is stored unless it yields a row. */
  guard?: string;
  /** `INSERT INTO … SELECT …, next.seq FROM next RETURNING …`: one row per row of `next`. */
  insert: string;
  /** Their parameters, numbered after the statement's own three: `$4`, `$5`, … */
  params: unknown[];
  /**
   * Values of the event's data that the statement reads itself, by key: SQL expressions (json)
   * over the parameters, e.g. a message's author as rooms show them, read with the row. The code's
   * own constants, never input: they become part of the statement.
   */
  eventData?: Record<string, string>;
}

/**
 * Durable room events (outbox). `append` must be called inside the transaction of the change
 * it reports: it stores the event with the next `seq` of its room. Once that transaction has
 * committed (never on rollback), the domain event `room-events.committed` carries the stored
 * events to whoever delivers them (realtime).
 *
 * Seqs are allocated at the end of the transaction (see `appendMany`); the `room_sequences`
 * upsert takes the rooms' row locks until commit, so appends to one room are serialized and
 * commit in `seq` order: every seq at or below a committed `last_seq` is committed too. A hot
 * room's writer stores its row and event in one statement of their own instead
 * (`storeWithRow`: the lock held only while it runs), with the same guarantee.
 */
@Injectable()
export class RoomEventsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RoomEvents');
  private cleanupTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly hooks: TransactionHooksService,
    private readonly events: DomainEventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A moderator hid a reply: every stored event of `room` about it (`post.created`, its updates,
   * an earlier `post.unhidden`...) becomes a `post.hidden` tombstone that keeps its seq and names
   * only ids, in the caller's transaction, so that replays never carry its author, text or values
   * again. With `lastPost` (the reply's author and creation time), the stored `thread.updated`
   * events whose last poster was this reply (`lastPosterId` and `lastActivityAt` both its own)
   * lose those two values, which named its author. Showing the reply again restores nothing here.
   */
  async tombstonePost(manager: EntityManager, room: string, postId: string, lastPost?: { authorId: string; createdAt: string }): Promise<void> {
    await manager.query(
      `UPDATE room_events SET type = 'post.hidden', data = jsonb_build_object('postId', $2::text, 'threadId', data->>'threadId')
        WHERE room = $1 AND data->>'postId' = $2`,
      [room, postId],
    );
    if (!lastPost) return;
    await manager.query(
      `UPDATE room_events
          SET data = (data - 'lastPosterId' - 'lastActivityAt') || jsonb_build_object('fields',
                (SELECT coalesce(jsonb_agg(f.value ORDER BY f.i), '[]'::jsonb) FROM jsonb_array_elements(data->'fields') WITH ORDINALITY AS f(value, i)
                  WHERE f.value #>> '{}' NOT IN ('lastPosterId', 'lastActivityAt')))
        WHERE room = $1 AND type = 'thread.updated' AND data->>'lastPosterId' = $2 AND data->>'lastActivityAt' = $3`,
      [room, lastPost.authorId, lastPost.createdAt],
    );
  }

  /**
   * A live chat message was hidden: every stored event of `room` about it (its `live.message`,
   * an earlier `live.message.unhidden`...) becomes a `live.message.hidden` tombstone that keeps
   * its seq (the message's place in the chat) and names only ids, in the caller's transaction, so
   * that replays never carry its author or text again. Showing it again restores nothing here.
   */
  async tombstoneLiveMessage(manager: EntityManager, room: string, messageId: string): Promise<void> {
    await manager.query(
      `UPDATE room_events SET type = 'live.message.hidden', data = jsonb_build_object('messageId', $2::text, 'sessionId', data->>'sessionId')
        WHERE room = $1 AND data->>'messageId' = $2`,
      [room, messageId],
    );
  }

  /** Appends one event: a type of the room event map with its payload. */
  async append<K extends RoomEventType>(manager: EntityManager, room: string, type: K, data: RoomEvents[K]): Promise<void> {
    await this.appendMany(manager, [{ room, type, data } as NewRoomEvent]);
  }

  /**
   * Queues events in the transaction of `manager`; their seqs are allocated just before that
   * transaction commits, for all its events at once, in one statement locking the rooms'
   * `room_sequences` rows in sorted order: two transactions touching the same rooms always
   * lock them in the same order, so they cannot deadlock there. Outside a transaction it opens
   * one of its own.
   */
  async appendMany(manager: EntityManager, events: NewRoomEvent[]): Promise<void> {
    if (!events.length) return;
    if (!this.hooks.inTransaction(manager)) return manager.transaction((tx) => this.appendMany(tx, events));
    for (const event of events) {
      this.hooks.collect(manager, 'room-events', { ...event }, (tx, all: NewRoomEvent[]) => this.store(tx, all));
    }
  }

  /**
   * Stores a feature's row and its room event in one statement of its own (its own transaction,
   * never inside another), the room's next seq going to both: the room's `room_sequences` row is
   * locked only while PostgreSQL runs that statement, never across a round trip to this process,
   * so a busy room (a live chat) takes as many writes as the database can run, not one per
   * event-loop turn of the busiest instance. `row.guard`, when given, runs first and nothing is
   * stored unless it yields a row (null is returned then); `row.insert` inserts exactly one row
   * per row of the CTE `next` (no ON CONFLICT, no filter), reading the seq as `next.seq`. Any
   * error (a unique key) rolls the whole statement back: no seq is used up. The event's data is
   * `data` with the keys `Read` read by the statement (`row.eventData`). The event then reaches
   * `room-events.committed` like every other.
   */
  async storeWithRow<K extends RoomEventType, R, Read extends keyof RoomEvents[K] & string = never>(
    room: string,
    type: K,
    data: Omit<RoomEvents[K], Read>,
    row: SequencedRow & ([Read] extends [never] ? { eventData?: undefined } : { eventData: Record<Read, string> }),
  ): Promise<{ row: R; event: StoredRoomEvent & { data: RoomEvents[K] } } | null> {
    const read = Object.entries<string>(row.eventData ?? {});
    for (const [key] of read) if (!/^[A-Za-z_]\w*$/.test(key)) throw new Error(`storeWithRow(): eventData key ${JSON.stringify(key)} is not a plain name`);
    const eventData = read.length ? `$3::jsonb || jsonb_build_object(${read.map(([key, sql]) => `'${key}', (${sql})`).join(', ')})` : '$3::jsonb';
    const rows: (EventRow & { stored_row: R | null })[] = await this.dataSource.query(
      prepared(`WITH guard AS (
         ${row.guard ?? 'SELECT 1'}
       ), next AS (
         INSERT INTO room_sequences AS s (room, last_seq) SELECT $1, 1 WHERE EXISTS (SELECT 1 FROM guard)
         ON CONFLICT (room) DO UPDATE SET last_seq = s.last_seq + 1
         RETURNING s.last_seq AS seq
       ), stored_row AS (
         ${row.insert}
       ), stored AS (
         INSERT INTO room_events (room, seq, type, data) SELECT $1, next.seq, $2, ${eventData} FROM next
         RETURNING room, seq, type, data, created_at
       )
       SELECT (SELECT row_to_json(r) FROM stored_row r) AS stored_row, e.room, e.seq, e.type, e.data, e.created_at
         FROM (SELECT 1) one LEFT JOIN stored e ON true`),
      [room, type, JSON.stringify(data ?? {}), ...row.params],
    );
    const result = rows[0];
    if (result.seq === null) return null;
    const event = toEnvelope(result) as StoredRoomEvent & { data: RoomEvents[K] };
    await this.events.emit(this.dataSource.manager, 'room-events.committed', { events: [event] });
    if (!result.stored_row) throw new Error(`storeWithRow(): the event ${room}#${event.seq} was stored without its row (row.insert must insert one row)`);
    return { row: result.stored_row, event };
  }

  /** Allocates seqs and stores the events of a transaction (called once, just before its COMMIT). */
  private async store(manager: EntityManager, events: NewRoomEvent[]): Promise<void> {
    const rows: EventRow[] = await manager.query(
      prepared(`WITH input AS (
         SELECT i.room, i.type, i.data, i.ord,
                row_number() OVER (PARTITION BY i.room ORDER BY i.ord) AS rn,
                count(*) OVER (PARTITION BY i.room) AS n
           FROM unnest($1::text[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS i(room, type, data, ord)
       ), seqs AS (
         INSERT INTO room_sequences AS s (room, last_seq)
         SELECT room, max(n) FROM input GROUP BY room ORDER BY room COLLATE "C"
         ON CONFLICT (room) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
         RETURNING s.room, s.last_seq
       )
       INSERT INTO room_events (room, seq, type, data)
       SELECT i.room, s.last_seq - i.n + i.rn, i.type, i.data
         FROM input i JOIN seqs s ON s.room = i.room
        ORDER BY i.ord
       RETURNING room, seq, type, data, created_at`),
      [events.map((e) => e.room), events.map((e) => e.type), events.map((e) => JSON.stringify(e.data ?? {}))],
    );
    const stored = rows.map(toEnvelope).sort((a, b) => (a.room === b.room ? a.seq - b.seq : a.room < b.room ? -1 : 1));
    // Its after-commit handlers run after those registered earlier in the transaction (socket
    // re-checks), so a socket that lost access never receives this transaction's events.
    await this.events.emit(manager, 'room-events.committed', { events: stored });
  }

  /** The room's last committed seq (0 when it never had an event). */
  async head(room: string): Promise<number> {
    const rows: { last_seq: string }[] = await this.dataSource.query('SELECT last_seq FROM room_sequences WHERE room = $1', [room]);
    return rows.length ? Number(rows[0].last_seq) : 0;
  }

  /** Stored events of a room with afterSeq < seq < beforeSeq (if given), in order, at most `limit`. */
  async read(room: string, afterSeq: number, limit: number, beforeSeq?: number): Promise<StoredRoomEvent[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT room, seq, type, data, created_at FROM room_events
        WHERE room = $1 AND seq > $2 AND ($3::bigint IS NULL OR seq < $3)
        ORDER BY seq LIMIT $4`,
      [room, afterSeq, beforeSeq ?? null, limit],
    );
    return rows.map(toEnvelope);
  }

  /** Deletes events older than the retention window; returns how many. Safe on several instances at once. */
  async cleanup(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.roomEventRetentionDays * 86_400_000);
    let total = 0;
    for (;;) {
      // DELETE answers [rows, affected] through TypeORM.
      const [, deleted]: [unknown[], number] = await this.dataSource.query(
        `DELETE FROM room_events WHERE (room, seq) IN (
           SELECT room, seq FROM room_events WHERE created_at < $1 LIMIT ${CLEANUP_BATCH})`,
        [cutoff],
      );
      total += deleted;
      if (deleted < CLEANUP_BATCH) return total;
    }
  }

  onApplicationBootstrap(): void {
    const run = () =>
      void this.cleanup()
        .then((n) => n && this.logger.log(`deleted ${n} room events older than ${this.config.roomEventRetentionDays} days`))
        .catch((err) => this.logger.warn({ err }, 'room event cleanup failed'));
    this.cleanupTimer = setInterval(run, CLEANUP_INTERVAL_MS);
    this.cleanupTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
  }
}
