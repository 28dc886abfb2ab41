import { Injectable, Logger } from '@nestjs/common';
import { ViewerService } from '../identity/auth/viewer.service';
import { FlagContentInput } from '../moderation/dto/flag-content.input';
import { FlagsService } from '../moderation/flags.service';
import { FlagReason, FlagTarget } from '../moderation/moderation.enums';
import { ConflictError } from '../platform/errors/domain-errors';
import { DEMO_FLAGS, DemoFlag } from './demo-data';

/** Ids of what the demo seed created, by their keys in the data files. */
export interface DemoRefs {
  users: Map<string, string>;
  threads: Map<string, string>;
  /** Replies that have a `key` in threads.json. */
  posts: Map<string, string>;
}

/**
 * The demo's open flags (src/seed/data/flags.json), so that a moderator signing in to the demo has
 * a queue to work: each made by its demo reporter through `FlagsService.flag`, the service behind
 * `flagContent` (its checks, the auto-hide at FLAG_AUTO_HIDE_THRESHOLD with its moderation log
 * entry, and the author's MODERATION notification). Each flag is its own transaction, run after
 * the demo content has committed, by the instance that seeded it.
 */
@Injectable()
export class DemoFlagsSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly flags: FlagsService,
    private readonly viewers: ViewerService,
  ) {}

  /** Makes the demo flags whose reporters and targets exist; returns how many were made. */
  async seed(refs: DemoRefs, flags: readonly DemoFlag[] = DEMO_FLAGS): Promise<number> {
    let made = 0;
    for (const flag of flags) {
      const target = this.target(flag, refs);
      if (!target) continue;
      for (const reporter of flag.reporters) {
        const reporterId = refs.users.get(reporter.key);
        const viewer = reporterId ? await this.viewers.byUserId(reporterId) : null;
        if (!viewer) continue;
        const input: FlagContentInput = Object.assign(new FlagContentInput(), { ...target, reason: flag.reason as FlagReason, note: reporter.note ?? null });
        try {
          await this.flags.flag(viewer, input);
          made++;
        } catch (err) {
          // already flagged (a repeated run) is fine; anything else is worth a line in the log
          if (!(err instanceof ConflictError)) this.logger.warn({ err, flag: flag.target, reporter: reporter.key }, 'a demo flag was not made');
        }
      }
    }
    return made;
  }

  private target(flag: DemoFlag, refs: DemoRefs): { targetType: FlagTarget; targetId: string } | null {
    const { thread, post, user } = flag.target;
    const pick = (targetType: FlagTarget, id: string | undefined) => (id ? { targetType, targetId: id } : null);
    if (post !== undefined) return pick(FlagTarget.POST, refs.posts.get(post));
    if (thread !== undefined) return pick(FlagTarget.THREAD, refs.threads.get(thread));
    return pick(FlagTarget.USER, refs.users.get(user!));
  }
}
