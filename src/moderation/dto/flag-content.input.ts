import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { FlagReason, FlagStatus, FlagTarget } from '../moderation.enums';

export const FLAG_NOTE_MAX = 1000;

@InputType({ description: 'What to flag and why.' })
export class FlagContentInput {
  @Field(() => FlagTarget, { description: 'The kind of the target (THREAD, POST or USER; LIVE_MESSAGE is not flaggable yet: `BAD_USER_INPUT`).' })
  targetType: FlagTarget;

  @Field(() => ID, { description: 'Id of the thread, post or user.' })
  targetId: string;

  @Field(() => FlagReason, { description: 'Why.' })
  reason: FlagReason;

  @Field(() => String, { nullable: true, description: `Details for the moderators, up to ${FLAG_NOTE_MAX} characters.` })
  note?: string | null;
}

@ArgsType()
export class ModerationQueueArgs {
  @Field(() => FlagStatus, { nullable: true, defaultValue: FlagStatus.OPEN, description: 'Flags of this status (OPEN by default).' })
  status?: FlagStatus | null;

  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 0 to 100.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Opaque cursor: the endCursor of the previous page.' })
  after?: string | null;
}
