import { registerEnumType } from '@nestjs/graphql';

/** What a flag (and a moderation action) is about. */
export enum FlagTarget {
  THREAD = 'THREAD',
  POST = 'POST',
  LIVE_MESSAGE = 'LIVE_MESSAGE',
  USER = 'USER',
}

registerEnumType(FlagTarget, {
  name: 'FlagTarget',
  description: 'The kind of thing a flag or a moderation action is about.',
  valuesMap: {
    THREAD: { description: 'A thread (its id is a Thread id).' },
    POST: { description: 'A reply in a thread (its id is a Post id).' },
    LIVE_MESSAGE: { description: 'A chat message of a live session.' },
    USER: { description: 'A user account (suspensions).' },
  },
});

/** What a moderator did (the `action` of a moderation log entry). */
export enum ModerationActionKind {
  HIDE_POST = 'HIDE_POST',
  UNHIDE_POST = 'UNHIDE_POST',
  LOCK_THREAD = 'LOCK_THREAD',
  UNLOCK_THREAD = 'UNLOCK_THREAD',
  PIN_THREAD = 'PIN_THREAD',
  UNPIN_THREAD = 'UNPIN_THREAD',
  MOVE_THREAD = 'MOVE_THREAD',
  SUSPEND_USER = 'SUSPEND_USER',
  UNSUSPEND_USER = 'UNSUSPEND_USER',
  AUTO_HIDE = 'AUTO_HIDE',
  UPHOLD_FLAGS = 'UPHOLD_FLAGS',
  REJECT_FLAGS = 'REJECT_FLAGS',
  HIDE_THREAD = 'HIDE_THREAD',
  UNHIDE_THREAD = 'UNHIDE_THREAD',
  HIDE_LIVE_MESSAGE = 'HIDE_LIVE_MESSAGE',
  UNHIDE_LIVE_MESSAGE = 'UNHIDE_LIVE_MESSAGE',
  SET_MODERATOR_TOPICS = 'SET_MODERATOR_TOPICS',
}

registerEnumType(ModerationActionKind, {
  name: 'ModerationActionKind',
  description: 'What a moderation action did.',
  valuesMap: {
    HIDE_POST: { description: '`hidePost`: the reply is hidden from everyone but MODERATOR and ADMIN.' },
    UNHIDE_POST: { description: '`unhidePost`: the reply is visible again.' },
    LOCK_THREAD: { description: '`lockThread(locked: true)`: only MODERATOR and ADMIN may reply or edit.' },
    UNLOCK_THREAD: { description: '`lockThread(locked: false)`.' },
    PIN_THREAD: { description: '`pinThread(pinned: true)`: listed first in its topic.' },
    UNPIN_THREAD: { description: '`pinThread(pinned: false)`.' },
    MOVE_THREAD: { description: '`moveThread`: the thread went to another topic (the reason names both topics).' },
    SUSPEND_USER: { description: '`suspendUser`: the account may not sign in or act until the given time.' },
    UNSUSPEND_USER: { description: '`unsuspendUser`: the suspension was lifted early.' },
    AUTO_HIDE: { description: 'Hidden pending review because enough distinct users flagged it (no actor).' },
    UPHOLD_FLAGS: { description: '`resolveFlag(uphold: true)`: the open flags of the target were upheld (content stays or becomes hidden).' },
    REJECT_FLAGS: { description: '`resolveFlag(uphold: false)`: the open flags of the target were rejected (content hidden only by flags is shown again).' },
    HIDE_THREAD: { description: '`hideThread`: the thread (with its replies) is hidden from everyone but MODERATOR and ADMIN.' },
    UNHIDE_THREAD: { description: '`unhideThread`: the thread is visible again.' },
    HIDE_LIVE_MESSAGE: { description: '`hideLiveMessage`: the chat message is hidden from everyone but MODERATOR and ADMIN (by a moderator or a host of its session).' },
    UNHIDE_LIVE_MESSAGE: { description: '`unhideLiveMessage`: the chat message is visible again.' },
    SET_MODERATOR_TOPICS: { description: '`setModeratorTopics`: an ADMIN limited a MODERATOR to some topics (or lifted the limit); the target is the USER, the topics are in `details`.' },
  },
});

/** Why a user flagged something. */
export enum FlagReason {
  SPAM = 'SPAM',
  OFFENSIVE = 'OFFENSIVE',
  OFF_TOPIC = 'OFF_TOPIC',
  MISINFORMATION = 'MISINFORMATION',
  OTHER = 'OTHER',
}

registerEnumType(FlagReason, {
  name: 'FlagReason',
  description: 'Why a user flagged something.',
  valuesMap: {
    SPAM: { description: 'Advertising or unrelated links.' },
    OFFENSIVE: { description: 'Abusive, harassing or hateful.' },
    OFF_TOPIC: { description: 'Not about the topic or the thread.' },
    MISINFORMATION: { description: 'Wrong or dangerous information (for example unsafe mercury handling).' },
    OTHER: { description: 'Something else: say what in `note`.' },
  },
});

/** Where a flag stands. */
export enum FlagStatus {
  OPEN = 'OPEN',
  UPHELD = 'UPHELD',
  REJECTED = 'REJECTED',
}

registerEnumType(FlagStatus, {
  name: 'FlagStatus',
  description: 'Where a flag stands in review.',
  valuesMap: {
    OPEN: { description: 'Waiting for a MODERATOR or ADMIN (`moderationQueue`).' },
    UPHELD: { description: 'A moderator agreed: the content stays or became hidden.' },
    REJECTED: { description: 'A moderator disagreed: content hidden only by flags was shown again.' },
  },
});
