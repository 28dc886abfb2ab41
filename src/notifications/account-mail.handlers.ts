import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { AccountMailEvent } from '../identity/accounts/accounts.events';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { renderAccountMail } from './account-mail-templates';
import { MailTransportService } from './mail-transport.service';

/**
 * Account mails (verification links, reset links, notices), after the commit that issued them.
 * Sent in the background: the request that asked does not wait for SMTP, so `requestPasswordReset`
 * answers as fast for a known address as for an unknown one. Not retried: the raw token is never
 * stored, so a lost mail is asked for again (`resendVerificationEmail`, `requestPasswordReset`).
 * Without SMTP_URL the mail, link included, is logged.
 */
@Injectable()
export class AccountMailHandlers implements OnModuleDestroy {
  private readonly logger = new Logger('AccountMail');
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly transport: MailTransportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @OnDomainEvent('account.mail', { phase: 'afterCommit' })
  onAccountMail(mail: AccountMailEvent): void {
    const sending = this.transport
      .send({ to: mail.to, ...renderAccountMail(mail, this.config.webAppUrl) })
      .catch((err: unknown) => this.logger.warn({ err, kind: mail.kind }, 'account mail could not be sent'))
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  async onModuleDestroy(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}
