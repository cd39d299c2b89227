import type { Bilingual } from '../common/api-error';

/** Metadata key of a route's one-line summary. */
const SUMMARY = 'hyoka:summary';

/**
 * What the operation does, in one sentence in each language: the document's `summary` (shown by
 * Swagger UI next to the path, and by generated clients above each call). Every documented route
 * has one: the document is not built without it.
 */
export function Summary(ja: string, en: string): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(SUMMARY, { ja, en } satisfies Bilingual, descriptor.value as object);
  };
}

/** The summary declared on a route handler, if any. */
export function summaryOf(handler: object): Bilingual | undefined {
  return Reflect.getMetadata(SUMMARY, handler) as Bilingual | undefined;
}
