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
}
registerEnumType(NotificationType, { name: 'NotificationType' });

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
  description: 'OFF: no email. INSTANT: one email per notification. DAILY_DIGEST: at most one email a day listing them.',
});

/** Users without a row get the default (INSTANT). */
export const DEFAULT_EMAIL_MODE = EmailNotificationMode.INSTANT;
