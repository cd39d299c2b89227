import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORRELATION_HEADER = 'x-request-id';

/** Accepts a caller's request id if it looks sane, otherwise makes one. */
export function correlationIdOf(req: IncomingMessage, res: ServerResponse): string {
  const assigned = res.getHeader(CORRELATION_HEADER);
  if (typeof assigned === 'string') return assigned;
  const incoming = req.headers[CORRELATION_HEADER];
  const id =
    typeof incoming === 'string' && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader(CORRELATION_HEADER, id);
  return id;
}
