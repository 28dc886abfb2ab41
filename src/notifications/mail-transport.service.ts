import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** How a message left: through SMTP, or written to the log (no SMTP_URL). */
export type MailOutcome = 'SENT' | 'LOGGED';

/**
 * Outgoing mail: nodemailer over SMTP when SMTP_URL is set. Without it every message is
 * written to the log (recipient, subject and text), never silently dropped.
 */
@Injectable()
export class MailTransportService implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transporter: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transporter = config.smtpUrl ? createTransport(config.smtpUrl) : null;
  }

  async send(message: MailMessage): Promise<MailOutcome> {
    if (!this.transporter) {
      this.logger.log({ mail: { to: message.to, subject: message.subject, text: message.text } }, 'email (SMTP_URL not set: logged, not sent)');
      return 'LOGGED';
    }
    await this.transporter.sendMail({ from: this.config.mailFrom, to: message.to, subject: message.subject, text: message.text, html: message.html });
    return 'SENT';
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}
