import { registerEnumType } from '@nestjs/graphql';

// Enums of the notifications feature, registered for GraphQL here (not in the entity files).

/** The contract's notification types. */
export enum NotificationType {
  REPLY = 'REPLY',
  MENTION = 'MENTION',
  ANSWER_ACCEPTED = 'ANSWER_ACCEPTED',
  EXPERT_REQUEST = 'EXPERT_REQUEST',
  SESSION_STARTING = 'SESSION_STARTING',
  MEMBERSHIP = 'MEMBERSHIP',
  MODERATION = 'MODERATION',
  EXPERT_REVIEW = 'EXPERT_REVIEW',
  SESSION_CANCELLED = 'SESSION_CANCELLED',
  SESSION_ENDED = 'SESSION_ENDED',
}
registerEnumType(NotificationType, {
  name: 'NotificationType',
  description: 'What a notification is about. Nobody is notified of their own action.',
  valuesMap: {
    REPLY: { description: 'A reply in a thread the recipient watches (authors watch their threads), or to one of their posts; `thread` and `post` are set.' },
    MENTION: { description: 'The recipient was named as `@handle` in a thread or post (once per post); `thread` and, for a reply, `post` are set.' },
    ANSWER_ACCEPTED: { description: 'A reply of the recipient was accepted as the answer to a question; `thread` and `post` are set.' },
    EXPERT_REQUEST: { description: 'Someone asked the recipient, as an expert, to answer a thread; `thread` is set.' },
    SESSION_STARTING: { description: 'A live session the recipient RSVPed to starts soon (LIVE_REMINDER_LEAD_MINUTES before its scheduled start) or was just started by a host; `session` is set.' },
    SESSION_CANCELLED: { description: 'A live session the recipient RSVPed to was cancelled; `session` is set.' },
    SESSION_ENDED: { description: 'A live session the recipient hosted or RSVPed to ended and was archived into a thread; `session` and `thread` (the archive) are set.' },
    MEMBERSHIP: { description: 'A membership request to decide (for the organization\'s ORG_ADMINs) or a decision on the recipient\'s own membership; `membership` is set.' },
    MODERATION: { description: 'A moderator acted on the recipient\'s content.' },
    EXPERT_REVIEW: { description: 'A MODERATOR or ADMIN reviewed the recipient\'s expert application (approved, declined, or verification withdrawn); `expertProfile` is the recipient\'s profile as it is now.' },
  },
});

/**
 * Where a notification's email stands. NONE: no email wanted. PENDING: an instant email is
 * due. DIGEST: waits for the user's daily digest. SENDING: claimed by a sender (a stale claim
 * is taken over). SENT / LOGGED (no SMTP configured: written to the log). FAILED: gave up
 * after retries. SKIPPED: no longer wanted (preference changed, content no longer visible,
 * too old for a digest).
 */
export enum EmailState {
  NONE = 'NONE',
  PENDING = 'PENDING',
  DIGEST = 'DIGEST',
  SENDING = 'SENDING',
  SENT = 'SENT',
  LOGGED = 'LOGGED',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}

/** How a user wants notification emails. */
export enum EmailNotificationMode {
  OFF = 'OFF',
  INSTANT = 'INSTANT',
  DAILY_DIGEST = 'DAILY_DIGEST',
}
registerEnumType(EmailNotificationMode, {
  name: 'EmailNotificationMode',
  description: 'How a user wants notification emails (in-app notifications are always kept). OFF: no email. INSTANT: one email per notification. DAILY_DIGEST: at most one email a day listing them.',
  valuesMap: {
    OFF: { description: 'No notification email.' },
    INSTANT: { description: 'One email per notification, sent right after it is created (the default).' },
    DAILY_DIGEST: { description: 'At most one email a day listing the notifications that waited (the first a day after choosing it).' },
  },
});

/** Users without a row get the default (INSTANT). */
export const DEFAULT_EMAIL_MODE = EmailNotificationMode.INSTANT;
