import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { VisibilityInput } from '../../forum/threads/dto/visibility.input';
import { ConnectionArgs } from '../../platform/graphql/pagination/connection.types';
import { LiveSessionStatus } from '../live-session.enums';

export const SESSION_TITLE_MIN = 5;
export const SESSION_TITLE_MAX = 200;
export const SESSION_DESCRIPTION_MAX = 10_000;
export const SESSION_MAX_HOURS = 8;
export const SESSION_MAX_HOSTS = 10;
export const SESSION_MAX_CAPACITY = 100_000;

@InputType({ description: 'A new live session.' })
export class ScheduleLiveSessionInput {
  @Field({ description: `Title, ${SESSION_TITLE_MIN} to ${SESSION_TITLE_MAX} characters.` })
  title: string;

  @Field(() => String, { nullable: true, description: `Markdown description, up to ${SESSION_DESCRIPTION_MAX} characters.` })
  description?: string | null;

  @Field(() => ID, { description: 'Topic of the session (its archive thread goes there too); `NOT_FOUND` when unknown.' })
  topicId: string;

  @Field({ description: `Start (UTC), in the future (\`BAD_USER_INPUT\` otherwise).` })
  scheduledStartAt: Date;

  @Field({ description: `End (UTC), after the start and at most ${SESSION_MAX_HOURS} hours later.` })
  scheduledEndAt: Date;

  @Field(() => Int, { nullable: true, description: `Most RSVPs accepted (1 to ${SESSION_MAX_CAPACITY}); null or absent: unlimited.` })
  capacity?: number | null;

  @Field(() => VisibilityInput, { nullable: true, description: 'Who may see the session (default PUBLIC); the same rules as `createThread` (a member may restrict to their own sector only). Every host must be able to see it.' })
  @IsOptional()
  visibility?: VisibilityInput | null;

  @Field(() => [ID], { nullable: true, description: `Further hosts (VERIFIED experts, MODERATOR or ADMIN; at most ${SESSION_MAX_HOSTS} with the scheduler, who is always a host). \`BAD_USER_INPUT\` for anyone else.` })
  @IsOptional()
  @ArrayMaxSize(SESSION_MAX_HOSTS)
  hostIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'BCP-47 language tag the session is held in (default "en").' })
  language?: string | null;
}

@InputType({ description: 'Changes to a SCHEDULED live session (hosts and times may change until it starts); absent fields stay as they are.' })
export class UpdateLiveSessionInput {
  @Field(() => String, { nullable: true, description: `New title, ${SESSION_TITLE_MIN} to ${SESSION_TITLE_MAX} characters.` })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New Markdown description.' })
  description?: string | null;

  @Field(() => Date, { nullable: true, description: 'New start (UTC, in the future). Moving the start re-arms the reminder.' })
  scheduledStartAt?: Date | null;

  @Field(() => Date, { nullable: true, description: `New end (UTC, after the start, at most ${SESSION_MAX_HOURS} hours later).` })
  scheduledEndAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'New capacity; not below the current RSVP count (`BAD_USER_INPUT`).' })
  capacity?: number | null;

  @Field(() => [ID], { nullable: true, description: 'The hosts, replacing the current ones (the scheduler always stays a host).' })
  @IsOptional()
  @ArrayMaxSize(SESSION_MAX_HOSTS)
  hostIds?: string[] | null;
}

@ArgsType()
export class LiveSessionsArgs extends ConnectionArgs {
  @Field(() => LiveSessionStatus, { nullable: true, description: 'Only sessions in this status.' })
  status?: LiveSessionStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only sessions of this topic.' })
  topicId?: string | null;
}
