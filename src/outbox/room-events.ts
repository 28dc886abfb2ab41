/**
 * The socket.io room protocol's stored events: room names, and the one map of event types to
 * payloads. Every room event is appended with a type from this map and a payload of its type
 * (`RoomEventsService.append`); clients receive it in the `event` envelope.
 *
 * Payloads carry what a client needs to render the change without a round trip, and only
 * what every member of the room may see. Viewer-specific values (e.g. `viewerVote`) stay in
 * queries.
 */

/** Room names of the socket.io protocol. */
export const rooms = {
  thread: (id: string) => `thread:${id}`,
  session: (id: string) => `session:${id}`,
  user: (id: string) => `user:${id}`,
};

/** A user as rooms show them (author of a post, sender of a message). */
export interface UserSummary {
  id: string;
  handle: string;
  displayName: string;
}

/** An update names the fields that changed (`fields`) and carries their new values. */
export type Changed<T extends object> = Partial<T> & { fields: string[] };

/** Builds an update payload: the given values, and `fields` listing exactly their names. */
export function changed<T extends object>(values: T, extraFields: string[] = []): T & { fields: string[] } {
  return { ...values, fields: [...Object.keys(values), ...extraFields] };
}

export interface PostValues {
  bodyHtml: string;
  editedAt: string | null;
  score: number;
  deleted: boolean;
  hidden: boolean;
  accepted: boolean;
}

export interface ThreadValues {
  title: string;
  bodyHtml: string;
  tags: string[];
  topicId: string;
  editedAt: string | null;
  postCount: number;
  score: number;
  lastActivityAt: string;
  lastPosterId: string | null;
  acceptedAnswerId: string | null;
  answered: boolean;
  locked: boolean;
  pinned: boolean;
  /** Hidden by moderation (only MODERATOR and ADMIN still follow the room then). */
  hidden: boolean;
}

/** A live chat message as rooms show it (`seq` is the envelope's seq). */
export interface LiveMessageValues {
  messageId: string;
  sessionId: string;
  author: UserSummary;
  body: string;
  /** Rendered from `body` and sanitized. */
  bodyHtml: string;
  createdAt: string;
}

/** A question of a session's queue as rooms show it. */
export interface LiveQuestionValues {
  questionId: string;
  sessionId: string;
  author: UserSummary;
  body: string;
  bodyHtml: string;
  upvotes: number;
  status: string;
  answerHtml: string | null;
  answeredAt: string | null;
  createdAt: string;
}

/** What a `live.status` event may carry (the changed values). */
export interface LiveStatusValues {
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  scheduledStartAt: string;
  scheduledEndAt: string;
  slowModeSeconds: number;
  archiveThreadId: string | null;
  hostIds: string[];
  title: string;
  capacity: number | null;
}

export interface RoomEvents {
  /** A reply in `thread:<id>`. */
  'post.created': {
    postId: string;
    threadId: string;
    parentId: string | null;
    authorId: string;
    author: UserSummary;
    bodyHtml: string;
    createdAt: string;
  };
  /** A reply changed (edit, vote, acceptance): the changed values. */
  'post.updated': { postId: string; threadId: string } & Changed<PostValues>;
  /** A reply was deleted: it stays as a tombstone. */
  'post.deleted': { postId: string; threadId: string };
  /**
   * A reply was hidden by moderation: clients remove it (ids only, never its author or text).
   * Broadcast when it is hidden, and every stored event about it (`post.created`, its updates)
   * becomes one, keeping its seq: a replay never carries the hidden reply.
   */
  'post.hidden': { postId: string; threadId: string };
  /**
   * A hidden reply is visible again: the whole reply (what `post.created` carries and its current
   * values), to put back in place; the stored tombstones stay as they are.
   */
  'post.unhidden': RoomEvents['post.created'] & Pick<PostValues, 'editedAt' | 'score' | 'deleted' | 'accepted'>;
  /** The thread changed: the changed values. */
  'thread.updated': { threadId: string } & Changed<ThreadValues>;
  /** In `user:<id>`: ids only; the API resolves what the recipient may still see when read. */
  'notification.created': {
    id: string;
    type: string;
    actorId: string | null;
    threadId: string | null;
    postId: string | null;
    sessionId: string | null;
    membershipId: string | null;
    readAt: null;
    createdAt: string;
  };
  /**
   * A chat message in `session:<id>`; the envelope's seq is the message's `seq`. Never a hidden
   * one: once hidden, its stored event becomes a `live.message.hidden` tombstone at that seq.
   */
  'live.message': LiveMessageValues;
  /**
   * A chat message was hidden by moderation: clients remove it (ids only, never its author or
   * text). Broadcast when it is hidden, and every stored event about it (its `live.message`)
   * becomes one, keeping its seq: a replay never carries the hidden message.
   */
  'live.message.hidden': { messageId: string; sessionId: string };
  /**
   * A hidden chat message is visible again: the whole message, to put back in place
   * (`messageSeq` is its seq in the chat, not this event's seq).
   */
  'live.message.unhidden': LiveMessageValues & { messageSeq: number };
  /** A new question in the queue of `session:<id>`. */
  'live.question': LiveQuestionValues;
  /** A question changed (upvotes, status, answer): the changed values. */
  'live.question.updated': { questionId: string; sessionId: string } & Changed<Pick<LiveQuestionValues, 'upvotes' | 'status' | 'answerHtml' | 'answeredAt'>>;
  /** The session changed (a transition, slow mode, schedule): the changed values; `status` is always given. */
  'live.status': { sessionId: string; status: string } & Changed<LiveStatusValues>;
}

/** Ephemeral (never stored, seq null) payloads. */
export interface EphemeralRoomEvents {
  /** Participants in `session:<id>` now (signed-in users, each counted once however many tabs). */
  'live.presence': { sessionId: string; participantCount: number };
}

export type RoomEventType = keyof RoomEvents;

/** One event to append: a room, a type of the map and its payload. */
export type NewRoomEvent = { [K in RoomEventType]: { room: string; type: K; data: RoomEvents[K] } }[RoomEventType];

/** Events sent with `seq: null`, never stored: typing, presence. */
export type EphemeralEventType = 'typing' | 'live.presence';

/** What a client receives as the `event` message. `seq` is null only for ephemeral events. */
export interface RoomEventEnvelope {
  room: string;
  seq: number | null;
  type: RoomEventType | EphemeralEventType;
  data: object;
  /** ISO-8601 time the event was stored (or emitted, for ephemeral ones). */
  at: string;
}

/** A stored event: always has a seq. */
export type StoredRoomEvent = RoomEventEnvelope & { seq: number; type: RoomEventType };

/** Told after commit, on the instance that committed, with that transaction's stored events. */
export interface RoomEventsCommittedEvent {
  /** In seq order per room. */
  events: StoredRoomEvent[];
}

declare module '../platform/events/domain-events' {
  interface DomainEvents {
    'room-events.committed': RoomEventsCommittedEvent;
  }
}
