import type { LiveMessageEntity } from './live-message.entity';
import type { LiveSessionEntity } from './live-session.entity';

/**
 * What live sessions tell other features (notifications, realtime). Emitted by the live-session
 * services inside the transaction of the change (except `live-session.presence-changed`,
 * emitted outside any transaction by the presence tracker).
 */
export interface LiveSessionStartingEvent {
  session: LiveSessionEntity;
  /** Users who RSVPed. */
  rsvpUserIds: string[];
  /** `reminder`: the scheduler, LIVE_REMINDER_LEAD_MINUTES before the start; `started`: a host started it. */
  reason: 'reminder' | 'started';
  actorId: string | null;
}

export interface LiveSessionCancelledEvent {
  session: LiveSessionEntity;
  rsvpUserIds: string[];
  actorId: string;
}

export interface LiveSessionEndedEvent {
  session: LiveSessionEntity;
  hostIds: string[];
  rsvpUserIds: string[];
  /** The forum thread the session was archived into. */
  archiveThreadId: string;
  actorId: string;
}

/** The participant count of a session changed (throttled: at most one a second per session, across instances). */
export interface LiveSessionPresenceChangedEvent {
  sessionId: string;
  participantCount: number;
}

/**
 * A chat message was hidden by moderation (`hideLiveMessage` by a moderator or a host of the
 * session, flags reaching the auto-hide threshold, upheld flags) or shown again; the row is
 * written (`message.hidden` is the new value). Emitted by moderation, in its transaction;
 * the session's room follows (`live.message.hidden` / `live.message.unhidden`).
 */
export interface LiveMessageHiddenChangedEvent {
  message: LiveMessageEntity;
  /** The message is hidden now (true) or visible again (false). */
  hidden: boolean;
  /** Null when flags hid it (the auto-hide threshold). */
  actorId: string | null;
}

declare module '../platform/events/domain-events' {
  interface DomainEvents {
    'live-session.starting': LiveSessionStartingEvent;
    'live-session.cancelled': LiveSessionCancelledEvent;
    'live-session.ended': LiveSessionEndedEvent;
    'live-session.presence-changed': LiveSessionPresenceChangedEvent;
    'live-message.hidden-changed': LiveMessageHiddenChangedEvent;
  }
}
