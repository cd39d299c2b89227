import * as http from 'node:http';

/**
 * Requests whose body or filters are hostile in size, framing or range, for the contract tests:
 * bodies over a route's limit (declared or chunked), bodies cut off half way, and the edge values
 * of dates and numbers. Each sender reports the status the API answered (or that it answered
 * nothing, for a body the client itself cut off).
 */

/** Dates, instants and numbers at and past the edges of what the API, its calendar and PostgreSQL hold. */
export const EDGE_VALUES: readonly string[] = [
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '+010000-01-01T00:00:00Z',
  '-1',
  '0',
  '1e309',
  String(2 ** 53),
  '-9223372036854775809',
  'NaN',
  'Infinity',
  '1.5',
  '',
];

export interface SentBody {
  /** What was sent, for a failure message. */
  readonly what: string;
  /** The answer's status; undefined when the connection ended without one. */
  readonly status: number | undefined;
  /** The answer's body (as text), when there was one. */
  readonly text?: string;
  readonly headers?: Headers;
}

const CHUNK = 64 * 1024;

/** `bytes` bytes of `fill` after `prefix` (e.g. the start of a JSON document). */
function bodyOf(bytes: number, prefix: string, fill = 0x61): Buffer {
  const body = Buffer.alloc(bytes, fill);
  body.write(prefix);
  return body;
}

/** A body of `bytes` bytes with its Content-Length. */
export async function sendSized(
  url: string,
  method: string,
  headers: Record<string, string>,
  bytes: number,
  prefix = '',
): Promise<SentBody> {
  const res = await fetch(url, { method, headers, body: bodyOf(bytes, prefix) });
  return {
    what: `${method} ${url} sized ${bytes}`,
    status: res.status,
    text: await res.text(),
    headers: res.headers,
  };
}

/** A body of `bytes` bytes in 64 KiB chunks, without a length (Transfer-Encoding: chunked). */
export async function sendChunked(
  url: string,
  method: string,
  headers: Record<string, string>,
  bytes: number,
  prefix = '',
): Promise<SentBody> {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = bodyOf(Math.min(CHUNK, bytes - sent), sent === 0 ? prefix : '');
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const res = await fetch(url, { method, headers, body: stream, duplex: 'half' });
  return {
    what: `${method} ${url} chunked ${bytes}`,
    status: res.status,
    text: await res.text(),
    headers: res.headers,
  };
}

/**
 * Declares a body of `declared` bytes, sends `sent` of them and waits for an answer: for a
 * declared size a server must refuse without reading it all.
 */
export function sendDeclaredOnly(
  url: string,
  method: string,
  headers: Record<string, string>,
  declared: number,
  sent: number,
): Promise<SentBody> {
  const what = `${method} ${url} declared ${declared}, sent ${sent}`;
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      headers: { ...headers, 'content-length': String(declared) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ what, status: res.statusCode, text });
      });
    });
    req.on('error', (error) => reject(new Error(`${what}: ${error.message}`)));
    req.write(bodyOf(sent, ''));
  });
}

/**
 * Declares a body of `declared` bytes, sends `sent` of them, then cuts the connection. Resolves
 * once the connection is closed, with the status if the API answered before the cut (it may
 * refuse the request before reading the body: a guard, a role, a content type).
 */
export function sendCutOff(
  url: string,
  method: string,
  headers: Record<string, string>,
  declared: number,
  sent: number,
): Promise<SentBody> {
  const what = `${method} ${url} cut off after ${sent} of ${declared}`;
  return new Promise((resolve) => {
    let status: number | undefined;
    const req = http.request(url, {
      method,
      headers: { ...headers, 'content-length': String(declared) },
    });
    req.on('response', (res) => {
      status = res.statusCode;
      res.resume();
    });
    req.on('error', () => undefined); // the cut below
    req.once('close', () => resolve({ what, status }));
    req.write(bodyOf(sent, ''), () => req.destroy());
  });
}
