import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { VisibleResource } from '../../access/access-policy';
import { Sector, VisibilityScope } from '../../access/roles';
import { ThreadKind } from './thread-kind.enum';
import { ThreadEntity } from './thread.entity';
import { Node } from '../../platform/graphql/node.interface';

@ObjectType('Visibility')
export class Visibility {
  @Field(() => VisibilityScope)
  scope: VisibilityScope;

  @Field(() => [Sector], { description: 'The sectors that may see a SECTORS thread; empty otherwise.' })
  sectors: Sector[];
}

/**
 * A thread as clients see it. `author`, `topic`, `posts`, `acceptedAnswer`, `lastPoster` and
 * `viewerWatching` are field resolvers (batched per request).
 */
@ObjectType('Thread', { implements: () => [Node] })
export class Thread implements VisibleResource {
  @Field(() => ID)
  id: string;

  @Field(() => ThreadKind)
  kind: ThreadKind;

  @Field()
  title: string;

  @Field({ description: 'Markdown as written.' })
  body: string;

  @Field({ description: 'Rendered from body and sanitized on the server.' })
  bodyHtml: string;

  @Field(() => [String], { description: 'Lower-case tags, at most 5.' })
  tags: string[];

  @Field(() => Visibility)
  visibility: Visibility;

  @Field({ description: 'BCP-47 language tag.' })
  language: string;

  @Field({ description: 'A QUESTION with an accepted answer.' })
  answered: boolean;

  @Field()
  locked: boolean;

  @Field()
  pinned: boolean;

  @Field({ description: 'Hidden by moderation (only MODERATOR and ADMIN ever see hidden threads).' })
  hidden: boolean;

  @Field(() => Int, { description: 'Replies that are not deleted.' })
  postCount: number;

  @Field(() => Int, { description: 'Sum of the scores of the replies (the TOP order).' })
  score: number;

  @Field({ description: 'When the thread was created or last replied to.' })
  lastActivityAt: Date;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  editedAt: Date | null;

  authorId: string;
  topicId: string;
  acceptedPostId: string | null;
  lastPosterId: string | null;
  visibilityScope: VisibilityScope;
  visibilitySectors: Sector[];

  static fromEntity(e: ThreadEntity): Thread {
    const t = new Thread();
    t.id = e.id;
    t.kind = e.kind;
    t.title = e.title;
    t.body = e.body;
    t.bodyHtml = e.bodyHtml;
    t.tags = e.tags;
    t.visibility = { scope: e.visibilityScope, sectors: e.visibilitySectors ?? [] };
    t.language = e.language;
    t.answered = e.acceptedPostId !== null;
    t.locked = e.locked;
    t.pinned = e.pinned;
    t.hidden = e.hidden;
    t.postCount = e.postCount;
    t.score = e.score;
    t.lastActivityAt = e.lastActivityAt;
    t.createdAt = e.createdAt;
    t.editedAt = e.editedAt;
    t.authorId = e.authorId;
    t.topicId = e.topicId;
    t.acceptedPostId = e.acceptedPostId;
    t.lastPosterId = e.lastPosterId;
    t.visibilityScope = e.visibilityScope;
    t.visibilitySectors = e.visibilitySectors ?? [];
    return t;
  }
}
