import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { VisibleResource } from '../../access/access-policy';
import { Sector, VisibilityScope } from '../../access/roles';
import { ThreadKind } from './thread-kind.enum';
import { ThreadFields } from './thread.entity';
import { Node } from '../../platform/graphql/node.interface';

@ObjectType('Visibility', { description: 'Who may see a thread (and its replies).' })
export class Visibility {
  @Field(() => VisibilityScope, { description: 'PUBLIC, MEMBERS or SECTORS; see `VisibilityScope`.' })
  scope: VisibilityScope;

  @Field(() => [Sector], { description: 'The sectors that may see a SECTORS thread; empty otherwise.' })
  sectors: Sector[];
}

/**
 * A thread as clients see it. `author`, `topic`, `posts`, `acceptedAnswer`, `lastPoster`,
 * `viewerWatching` and `postCount` (it depends on the viewer) are field resolvers (batched per
 * request).
 */
@ObjectType('Thread', {
  implements: () => [Node],
  description:
    'A question, discussion or announcement in a topic, with its replies (`posts`). Only returned to viewers who may see it (its `visibility`; hidden threads to MODERATOR and ADMIN only). Real-time changes are pushed on the socket.io room `thread:<id>`.',
})
export class Thread implements VisibleResource {
  @Field(() => ID, { description: 'Global id of the thread (a UUID), usable with `node(id:)`.' })
  id: string;

  @Field(() => ThreadKind, { description: 'QUESTION, DISCUSSION or ANNOUNCEMENT.' })
  kind: ThreadKind;

  @Field({ description: 'Plain-text title, 5 to 200 characters (whitespace collapsed).' })
  title: string;

  @Field({ description: 'Markdown as written by the author (up to 50,000 characters).' })
  body: string;

  @Field({ description: 'HTML rendered from `body` and sanitized on the server (no script, style, iframe or event handler; only http, https and mailto links, with `rel="nofollow noopener ugc"`): safe to insert as is.' })
  bodyHtml: string;

  @Field(() => [String], { description: 'Tags: lower-case words of [a-z0-9] joined by "-", at most 5; may be empty.' })
  tags: string[];

  @Field(() => Visibility, { description: 'Who may see the thread and its replies.' })
  visibility: Visibility;

  @Field({ description: 'BCP-47 language tag of the content (for example "en", "pt-BR"); picks the search stemming.' })
  language: string;

  @Field({ description: 'True for a QUESTION with an accepted answer; always false for other kinds.' })
  answered: boolean;

  @Field({ description: 'Locked by moderation: new replies and edits are refused with `LOCKED`, except for MODERATOR and ADMIN.' })
  locked: boolean;

  @Field({ description: 'Pinned by moderation: listed before the other threads in every order.' })
  pinned: boolean;

  @Field({ description: 'Hidden by moderation (only MODERATOR and ADMIN ever see hidden threads).' })
  hidden: boolean;

  @Field(() => Int, { description: 'Sum of the scores of the visible replies (the TOP order); a reply hidden by moderation does not count.' })
  score: number;

  @Field({
    description:
      'When the thread was created or last replied to, whichever is later (ISO-8601, UTC): only visible replies count (a hidden or deleted one falls back to the latest remaining visible reply).',
  })
  lastActivityAt: Date;

  @Field({ description: 'When the thread was created (ISO-8601, UTC).' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When `updateThread` last changed it (ISO-8601, UTC); null when never edited.' })
  editedAt: Date | null;

  /** Replies neither deleted nor hidden; `postCount` (a field resolver) adds `hiddenPostCount` for MODERATOR and ADMIN. */
  visiblePostCount: number;
  hiddenPostCount: number;
  authorId: string;
  topicId: string;
  acceptedPostId: string | null;
  lastPosterId: string | null;
  visibilityScope: VisibilityScope;
  visibilitySectors: Sector[];

  static fromEntity(e: ThreadFields): Thread {
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
    t.visiblePostCount = e.postCount;
    t.hiddenPostCount = e.hiddenPostCount ?? 0;
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
