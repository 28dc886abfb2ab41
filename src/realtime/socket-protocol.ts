/** Acknowledgement of every client → server call. */
export type Ack = { ok: true; [k: string]: unknown } | { ok: false; error: string; retryAfterSeconds?: number };

/** The answer for rooms (and calls) the viewer may not see, or that do not exist. */
export const NOT_FOUND: Ack = { ok: false, error: 'NOT_FOUND' };

/** Server-to-server messages (through the Redis adapter when there are several instances). */
export const RELAY = {
  /** Stored events committed on another instance: deliver them to this instance's sockets. */
  roomEvents: 'asgm:room-events',
  /** An access change on another instance: re-check these sockets here. */
  recheck: 'asgm:revalidate',
} as const;
