import { registerEnumType } from '@nestjs/graphql';

/** Where a live session stands: SCHEDULED → LIVE → ENDED, or SCHEDULED → CANCELLED. */
export enum LiveSessionStatus {
  SCHEDULED = 'SCHEDULED',
  LIVE = 'LIVE',
  ENDED = 'ENDED',
  CANCELLED = 'CANCELLED',
}

/** A question of the queue: OPEN, then set by hosts and moderators. */
export enum LiveQuestionStatus {
  OPEN = 'OPEN',
  HIGHLIGHTED = 'HIGHLIGHTED',
  ANSWERED = 'ANSWERED',
  DISMISSED = 'DISMISSED',
}

/** Order of `LiveSession.questions`. */
export enum LiveQuestionOrder {
  TOP = 'TOP',
  NEWEST = 'NEWEST',
}

registerEnumType(LiveSessionStatus, {
  name: 'LiveSessionStatus',
  description: 'Lifecycle of a live session: SCHEDULED → LIVE (`startLiveSession`) → ENDED (`endLiveSession`), or SCHEDULED → CANCELLED (`cancelLiveSession`). Any other transition is `BAD_USER_INPUT`.',
  valuesMap: {
    SCHEDULED: { description: 'Announced and open for RSVPs and questions; hosts and times may still change.' },
    LIVE: { description: 'Running: chat (`sendLiveMessage`, socket `live:message`), questions and upvotes are open.' },
    ENDED: { description: 'Over: archived into a forum thread (`archiveThread`); chat and questions stay readable.' },
    CANCELLED: { description: 'Called off before it started; RSVPs were notified.' },
  },
});
registerEnumType(LiveQuestionStatus, {
  name: 'LiveQuestionStatus',
  description: 'State of a question in a session queue, set by hosts, MODERATOR and ADMIN with `moderateLiveQuestion`.',
  valuesMap: {
    OPEN: { description: 'Asked, waiting (the default).' },
    HIGHLIGHTED: { description: 'Picked by a host: being answered now.' },
    ANSWERED: { description: 'Answered (with the answer as the host wrote it, if any); listed as answered in the archive.' },
    DISMISSED: { description: 'Set aside (off topic, duplicate): shown only to its author, hosts, MODERATOR and ADMIN.' },
  },
});
registerEnumType(LiveQuestionOrder, {
  name: 'LiveQuestionOrder',
  description: 'Order of a session\'s questions.',
  valuesMap: {
    TOP: { description: 'Most upvotes first, then oldest first.' },
    NEWEST: { description: 'Newest first.' },
  },
});
