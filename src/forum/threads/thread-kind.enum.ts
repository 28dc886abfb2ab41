import { registerEnumType } from '@nestjs/graphql';

export enum ThreadKind {
  QUESTION = 'QUESTION',
  DISCUSSION = 'DISCUSSION',
  ANNOUNCEMENT = 'ANNOUNCEMENT',
}

export enum ThreadOrder {
  ACTIVITY = 'ACTIVITY',
  NEWEST = 'NEWEST',
  TOP = 'TOP',
}

registerEnumType(ThreadKind, {
  name: 'ThreadKind',
  description: 'What a thread is for. ANNOUNCEMENT threads are posted by MODERATOR and ADMIN only.',
  valuesMap: {
    QUESTION: { description: 'Asks for an answer: one reply can be accepted (`acceptAnswer`), which makes it `answered`.' },
    DISCUSSION: { description: 'An open discussion, with no accepted answer.' },
    ANNOUNCEMENT: { description: 'News for the community (events, calls for input, platform notices); created by MODERATOR and ADMIN only (`FORBIDDEN` for others).' },
  },
});
registerEnumType(ThreadOrder, {
  name: 'ThreadOrder',
  description: 'Pinned threads come first in every order.',
  valuesMap: {
    ACTIVITY: { description: 'Most recent activity (thread creation or last reply) first.' },
    NEWEST: { description: 'Most recently created first.' },
    TOP: { description: 'Highest score (sum of reply scores) first, then recent activity.' },
  },
});
