import { HttpException, type HttpStatus } from '@nestjs/common';

/** A bilingual message: users read Japanese first, English is always there too. */
export interface Bilingual {
  readonly ja: string;
  readonly en: string;
}

/**
 * The one error the API throws on purpose. The global filter turns it into
 * `{ "error": { "code", "message", "details" } }` with the request's correlation id.
 */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly details?: unknown,
  ) {
    super(bilingual.en, status);
  }
}
