import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import getRawBody from 'raw-body';
import { ApiError, type Bilingual } from './api-error';

/** What an upload route takes as its raw request body (the JSON parser leaves these alone). */
export interface UploadSpec {
  /** Accepted `Content-Type`s (the first is the one to send; parameters such as charset allowed). */
  readonly mediaTypes: readonly [string, ...string[]];
  /** Largest body accepted; a larger one is answered 413 without reading it. */
  readonly limitBytes: number;
  /** What to send, for the 415 answer ("CSV ファイル（Content-Type: text/csv）を送ってください"). */
  readonly what: Bilingual;
}

const MB = 1024 * 1024;

/** A CSV import (users, projects): 20,000 rows fit comfortably. */
export const CSV_UPLOAD: UploadSpec = {
  mediaTypes: [
    'text/csv',
    'text/plain',
    'application/csv',
    'application/vnd.ms-excel',
    'application/octet-stream',
  ],
  limitBytes: 5 * MB,
  what: { ja: 'CSV ファイル', en: 'the CSV file' },
};

/** An Excel workbook of sheets to import into a cycle. */
export const XLSX_UPLOAD: UploadSpec = {
  mediaTypes: [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/octet-stream',
  ],
  limitBytes: 20 * MB,
  what: { ja: 'Excel ファイル（.xlsx）', en: 'the Excel workbook (.xlsx)' },
};

/** Metadata key of a route's upload spec (read by the OpenAPI document). */
export const UPLOAD_SPEC = 'hyoka:upload';

/**
 * Declares that the route takes a file as its raw body (`readUpload(req, spec)` reads it): the
 * OpenAPI document lists its media types and limit (`x-max-bytes`), and the contract tests send
 * every such route oversized, chunked and cut-off bodies.
 */
export function AcceptsUpload(spec: UploadSpec): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(UPLOAD_SPEC, spec, descriptor.value as object);
  };
}

/** The upload spec of a route handler, if it takes one. */
export function uploadSpecOf(handler: object): UploadSpec | undefined {
  return Reflect.getMetadata(UPLOAD_SPEC, handler) as UploadSpec | undefined;
}

/**
 * A refused upload's remaining bytes are read and dropped, up to this many, so that a client
 * still sending its body gets the answer (a connection closed under a sender makes it fail with
 * EPIPE or a reset before it reads anything); past it the connection is cut without an answer.
 */
export const DISCARD_LIMIT_BYTES = 64 * MB;

/**
 * The request body as bytes, read with `raw-body` (body-parser's reader): 415 for another content
 * type, 413 when the declared length or the bytes received pass the limit, 400 when the body
 * does not match its declared length or the client goes away half way. The request is never
 * destroyed under a pending response: a refused body is read to its end and dropped (see
 * {@link DISCARD_LIMIT_BYTES}), then the answer is sent.
 */
export async function readUpload(req: Request, spec: UploadSpec): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!spec.mediaTypes.includes(type)) {
    throw await refused(
      req,
      new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported_media_type', {
        ja: `${spec.what.ja}（Content-Type: ${spec.mediaTypes[0]}）を送ってください`,
        en: `Send ${spec.what.en} as the body with Content-Type: ${spec.mediaTypes[0]}`,
      }),
    );
  }
  const declared = req.headers['content-length'];
  try {
    return await getRawBody(req, { length: declared ?? null, limit: spec.limitBytes });
  } catch (error) {
    throw await refused(req, uploadError(error, spec));
  }
}

/** `error`, once the rest of the request is read and dropped (or the connection is cut). */
async function refused(req: Request, error: unknown): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > DISCARD_LIMIT_BYTES) {
    // Not worth reading: answer at once, and close the connection after the answer.
    req.res?.setHeader('Connection', 'close');
    return error;
  }
  await discardRest(req);
  return error;
}

function discardRest(req: Request): Promise<void> {
  return new Promise((resolve) => {
    if (req.complete || req.destroyed) return resolve();
    let dropped = 0;
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DISCARD_LIMIT_BYTES) req.destroy();
    };
    const done = () => {
      req.off('data', onData);
      req.off('end', done);
      req.off('close', done);
      req.off('error', done);
      resolve();
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}

function uploadError(error: unknown, spec: UploadSpec): unknown {
  const type = (error as { type?: unknown }).type;
  switch (type) {
    case 'entity.too.large':
      return tooLarge(spec);
    case 'request.aborted':
      return new ApiError(HttpStatus.BAD_REQUEST, 'request_aborted', {
        ja: 'ファイルの送信が途中で終わりました',
        en: 'The upload ended before the whole body arrived',
      });
    case 'request.size.invalid':
      return new ApiError(HttpStatus.BAD_REQUEST, 'bad_request', {
        ja: '送信されたファイルの大きさが Content-Length と一致しません',
        en: 'The body does not match its Content-Length',
      });
    default:
      return error;
  }
}

function tooLarge(spec: UploadSpec): ApiError {
  const mb = spec.limitBytes / MB;
  return new ApiError(
    HttpStatus.PAYLOAD_TOO_LARGE,
    'payload_too_large',
    {
      ja: `ファイルが大きすぎます（${mb} MB まで）`,
      en: `The file is too large (${mb} MB at most)`,
    },
    { limitBytes: spec.limitBytes },
  );
}
