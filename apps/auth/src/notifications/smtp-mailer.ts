import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { AuthConfig } from '../config';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per email, so a resend after a crash is recognisable as the same message. */
  messageId: string;
}

/** Email through the SMTP server of `SMTP_URL` (nodemailer, one pooled connection); off when it is unset. */
@Injectable()
export class SmtpMailer implements OnApplicationShutdown {
  private readonly logger = new Logger(SmtpMailer.name);
  private readonly transport?: ReturnType<typeof createTransport>;

  constructor(private readonly settings: AuthConfig) {
    if (settings.SMTP_URL) {
      this.transport = createTransport(settings.SMTP_URL, { from: settings.MAIL_FROM });
    } else {
      this.logger.log('SMTP_URL is not set: owner notifications are not emailed');
    }
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  async send(email: OutgoingEmail): Promise<void> {
    if (!this.transport) throw new Error('SMTP_URL is not set');
    await this.transport.sendMail({ to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
