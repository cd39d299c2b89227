import * as nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

export interface OutgoingMail {
  readonly to: string | readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Extra headers, e.g. an idempotency key. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A Message-ID of our own (e.g. derived from an outbox key), instead of a random one. */
  readonly messageId?: string;
}

export interface SentMail {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
}

/** Sends mail through nodemailer over SMTP. The one place the app talks SMTP. */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl, { from });
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: typeof mail.to === 'string' ? mail.to : [...mail.to],
      subject: mail.subject,
      text: mail.text,
      ...(mail.html !== undefined ? { html: mail.html } : {}),
      ...(mail.headers ? { headers: { ...mail.headers } } : {}),
      ...(mail.messageId !== undefined ? { messageId: mail.messageId } : {}),
    });
    return {
      messageId: String(info.messageId),
      accepted: (info.accepted as unknown[]).map(String),
      rejected: (info.rejected as unknown[]).map(String),
    };
  }

  /** Resolves when the SMTP server answers (used by /health). */
  async verify(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    this.transport.close();
  }
}
