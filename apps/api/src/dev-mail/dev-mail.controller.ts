import {
  Controller,
  Get,
  Header,
  HttpStatus,
  Inject,
  Param,
  ParseIntPipe,
  Query,
} from '@nestjs/common';
import type { SinkMessage, SmtpSink } from '@hyoka/platform';
import { ApiError } from '../common/api-error';
import { escapeHtml } from '../common/html';
import { SMTP_SINK } from '../tokens';
import { Summary } from '../openapi/summary';

/**
 * The development mail page: what the in-process SMTP sink received. Only mounted when no
 * SMTP_URL is configured (the sink exists) and not in production.
 */
@Controller('dev/mail')
export class DevMailController {
  constructor(@Inject(SMTP_SINK) private readonly sink: SmtpSink) {}

  @Summary(
    '受信したメールの一覧を読む（開発用）',
    'List the mails the development SMTP server received',
  )
  @Get('messages')
  list(@Query('to') to?: string): readonly SinkMessage[] {
    const all = this.sink.messages();
    return to ? all.filter((m) => m.to.includes(to)) : all;
  }

  @Summary('受信したメールを読む（開発用）', 'Read one mail the development SMTP server received')
  @Get('messages/:id')
  one(@Param('id', ParseIntPipe) id: number): SinkMessage {
    const message = this.sink.message(id);
    if (!message)
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
        ja: 'メールが見つかりません',
        en: `No mail ${id}`,
      });
    return message;
  }

  @Summary('受信メールの画面を表示する（開発用）', 'Show the development mail page')
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  page(): string {
    const rows = this.sink
      .messages()
      .map(
        (m) => `<article>
  <h2>${escapeHtml(m.subject || '(件名なし / no subject)')}</h2>
  <p class="meta">#${m.id} · ${escapeHtml(m.receivedAt.toISOString())} · from ${escapeHtml(m.from)} · to ${escapeHtml(m.to.join(', '))}</p>
  <pre>${escapeHtml(m.text)}</pre>
</article>`,
      )
      .join('\n');
    return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>開発用メール受信箱 / Dev mail sink</title>
<style>body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",Meiryo,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
article{border-top:1px solid #ccc;padding:.5rem 0}.meta{color:#555;font-size:.9rem}pre{white-space:pre-wrap}</style></head>
<body><h1>開発用メール受信箱 <small>/ Dev mail sink</small></h1>
<p>${this.sink.messages().length} 通 / messages · SMTP ${escapeHtml(this.sink.url)} · JSON: <a href="/dev/mail/messages">/dev/mail/messages</a></p>
${rows || '<p>まだメールはありません。/ No mail yet.</p>'}
</body></html>`;
  }
}
