import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { DomainEventBus } from '../platform/events/domain-event-bus';
import { LiveSessionsRepository } from './live-sessions.repository';

const BATCH = 20;

/**
 * The durable scheduler of SESSION_STARTING reminders: every SCHEDULER_POLL_SECONDS it claims
 * the sessions whose reminder is due (LIVE_REMINDER_LEAD_MINUTES before the start) with
 * FOR UPDATE SKIP LOCKED, marks them and emits `live-session.starting` (notifications listen)
 * in one transaction. The marker commits with the notifications, so a reminder is sent once:
 * never twice across restarts, once with several instances, and again only if the start moves.
 * The state lives in the database, so it works on the embedded PGlite database too.
 */
@Injectable()
export class LiveReminders implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LiveReminders');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: LiveSessionsRepository,
    private readonly events: DomainEventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.schedulerPollSeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = this.runDue();
    try {
      await this.running;
    } catch (err) {
      this.logger.warn({ err }, 'live-session reminders failed; retrying at the next poll');
    } finally {
      this.running = null;
    }
  }

  /** Sends every due reminder (in batches); returns how many sessions were reminded. */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.dataSource.transaction(async (manager) => {
        const due = await this.sessions.claimDueReminders(manager, this.config.liveReminderLeadMinutes, BATCH);
        for (const session of due) {
          await this.events.emit(manager, 'live-session.starting', { session, rsvpUserIds: await this.sessions.rsvpUserIds(manager, session.id), reason: 'reminder', actorId: null });
        }
        return due.length;
      });
      total += n;
      if (n < BATCH || this.stopped) return total;
    }
  }
}
