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

registerEnumType(ThreadKind, { name: 'ThreadKind', description: 'ANNOUNCEMENT threads are posted by MODERATOR and ADMIN only.' });
registerEnumType(ThreadOrder, {
  name: 'ThreadOrder',
  description: 'Pinned threads come first in every order.',
  valuesMap: {
    ACTIVITY: { description: 'Most recent activity (thread creation or last reply) first.' },
    NEWEST: { description: 'Most recently created first.' },
    TOP: { description: 'Highest score (sum of reply scores) first, then recent activity.' },
  },
});
