import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ModerationActionEntity } from './moderation-action.entity';
import { FlagTarget, ModerationActionKind } from './moderation.enums';

@ObjectType({ description: 'One entry of the moderation log: who did what to which target, why and when. The log is append-only.' })
export class ModerationAction {
  @Field(() => ID, { description: 'Id of the entry.' })
  id: string;

  /** Resolved by `ModerationActionResolver.actor`. */
  actorId: string | null;

  @Field(() => ModerationActionKind, { description: 'What was done.' })
  action: ModerationActionKind;

  @Field(() => FlagTarget, { description: 'The kind of the target.' })
  targetType: FlagTarget;

  @Field(() => ID, { description: 'Id of the thread, post or user acted on.' })
  targetId: string;

  @Field(() => String, { nullable: true, description: 'The reason the moderator gave (null when none was asked for, e.g. `pinThread`).' })
  reason: string | null;

  @Field({ description: 'When it was done (ISO-8601, UTC).' })
  createdAt: Date;

  static fromEntity(e: ModerationActionEntity): ModerationAction {
    const a = new ModerationAction();
    a.id = e.id;
    a.actorId = e.actorId;
    a.action = e.action;
    a.targetType = e.targetType;
    a.targetId = e.targetId;
    a.reason = e.reason;
    a.createdAt = e.createdAt;
    return a;
  }
}
