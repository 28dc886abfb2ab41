import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FlagEntity } from './flag.entity';
import { FlagReason, FlagStatus, FlagTarget } from './moderation.enums';

@ObjectType({
  description:
    'A user\'s flag on a thread, post, live chat message or user. Returned to its reporter (`flagContent`) and to MODERATOR and ADMIN (`moderationQueue`, where one flag stands for all flags of its target).',
})
export class Flag {
  @Field(() => ID, { description: 'Id of the flag (for `resolveFlag`).' })
  id: string;

  @Field(() => FlagTarget, { description: 'The kind of the target.' })
  targetType: FlagTarget;

  @Field(() => ID, { description: 'Id of the flagged thread, post, live chat message or user.' })
  targetId: string;

  @Field(() => FlagReason, { description: 'Why it was flagged.' })
  reason: FlagReason;

  @Field(() => String, { nullable: true, description: 'The reporter\'s details, if any.' })
  note: string | null;

  /** Resolved by `FlagResolver.reporter`. */
  reporterId: string;

  @Field(() => FlagStatus, { description: 'OPEN until a moderator resolves the target\'s flags.' })
  status: FlagStatus;

  @Field({ description: 'When it was flagged (ISO-8601, UTC).' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was resolved; null while OPEN.' })
  resolvedAt: Date | null;

  /** Resolved by `FlagResolver.resolvedBy`. */
  resolvedById: string | null;

  /** In `moderationQueue`: how many flags of this status the target has (else 1). */
  @Field(() => Int, { description: 'How many flags of this status the target has (in `moderationQueue`: the size of the group this flag stands for).' })
  flagCount: number;

  static fromEntity(e: FlagEntity, flagCount = 1): Flag {
    const f = new Flag();
    f.id = e.id;
    f.targetType = e.targetType;
    f.targetId = e.targetId;
    f.reason = e.reason;
    f.note = e.note;
    f.reporterId = e.reporterId;
    f.status = e.status;
    f.createdAt = e.createdAt;
    f.resolvedAt = e.resolvedAt;
    f.resolvedById = e.resolvedById;
    f.flagCount = flagCount;
    return f;
  }
}
