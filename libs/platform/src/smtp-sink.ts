import { EventEmitter } from 'node:events';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the sink received, as a developer (or a test) reads it. */
export interface SinkMessage {
  /** Sequence number in this sink, starting at 1. */
  readonly id: number;
  readonly receivedAt: Date;
  /** SMTP envelope. */
  readonly from: string;
  readonly to: readonly string[];
  readonly messageId: string | undefined;
  readonly subject: string;
  readonly text: string;
  readonly html: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
}

export interface SmtpSinkOptions {
  readonly port: number;
  readonly host?: string;
  /** Oldest messages are dropped beyond this many. */
  readonly keep?: number;
}

/**
 * A real SMTP server that accepts every message and keeps it in memory, so that development
 * and tests send mail through the same nodemailer-over-SMTP path as production.
 */
export class SmtpSink {
  private readonly server: SMTPServer;
  private readonly received: SinkMessage[] = [];
  private readonly events = new EventEmitter();
  private nextId = 1;
  private listening = false;

  constructor(private readonly options: SmtpSinkOptions) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      banner: 'hyoka development mail sink',
      size: 10 * 1024 * 1024,
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const headers: Record<string, string> = {};
            for (const [key, value] of parsed.headers) {
              if (typeof value === 'string') headers[key] = value;
            }
            const message: SinkMessage = {
              id: this.nextId++,
              receivedAt: new Date(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              messageId: parsed.messageId,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : undefined,
              headers: { ...headers, to: addressText(parsed.to) },
            };
            this.received.push(message);
            if (this.received.length > (this.options.keep ?? 1000)) this.received.shift();
            this.events.emit('message', message);
            callback();
          })
          .catch((error: unknown) =>
            callback(error instanceof Error ? error : new Error(String(error))),
          );
      },
    });
  }

  get port(): number {
    return this.options.port;
  }

  get url(): string {
    return `smtp://${this.options.host ?? '127.0.0.1'}:${this.options.port}`;
  }

  get isListening(): boolean {
    return this.listening;
  }

  start(): Promise<string> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) =>
        reject(
          new Error(
            `the SMTP sink could not listen on port ${this.options.port}: ${error.message}; set SMTP_SINK_PORT to a free port or SMTP_URL to a real server`,
          ),
        );
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', onError);
        // A client that goes away mid-session (a worker killed while sending) is its own
        // problem, not the sink's: smtp-server reports it here, and unheard it would throw.
        this.server.on('error', () => undefined);
        this.listening = true;
        resolve(this.url);
      });
    });
  }

  stop(): Promise<void> {
    if (!this.listening) return Promise.resolve();
    this.listening = false;
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Received messages, newest first. */
  messages(): readonly SinkMessage[] {
    return [...this.received].reverse();
  }

  message(id: number): SinkMessage | undefined {
    return this.received.find((m) => m.id === id);
  }

  clear(): void {
    this.received.length = 0;
  }

  /** Resolves with the first message (already received or arriving) that matches. */
  waitFor(predicate: (m: SinkMessage) => boolean, timeoutMs = 30_000): Promise<SinkMessage> {
    const existing = this.received.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const onMessage = (m: SinkMessage) => {
        if (!predicate(m)) return;
        clearTimeout(timer);
        this.events.off('message', onMessage);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.events.off('message', onMessage);
        reject(new Error(`no matching mail arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.events.on('message', onMessage);
    });
  }
}

function addressText(to: AddressObject | AddressObject[] | undefined): string {
  if (!to) return '';
  return (Array.isArray(to) ? to : [to]).map((a) => a.text).join(', ');
}
