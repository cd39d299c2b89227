import type { z } from 'zod';
import type { Output } from './schemas';

/** Metadata key of a route's documented success responses. */
export const RESPONSES = 'hyoka:responses';

interface ResponseOptions {
  /** Default: the route's `@HttpCode`, else 201 for POST and 200 for the other methods. */
  readonly status?: number;
  readonly description?: string;
}

/** What one success response of a route is: JSON of a schema, a file of a media type, or nothing. */
export type ResponseSpec = ResponseOptions &
  (
    | { readonly kind: 'json'; readonly schema: z.ZodType }
    | { readonly kind: 'file'; readonly mediaTypes: readonly string[] }
    | { readonly kind: 'empty' }
  );

function add(handler: unknown, spec: ResponseSpec): void {
  if (typeof handler !== 'function') throw new Error('@Responds… decorates a route handler');
  const specs = (Reflect.getMetadata(RESPONSES, handler) ?? []) as ResponseSpec[];
  Reflect.defineMetadata(RESPONSES, [...specs, spec], handler);
}

/** The success responses declared on a route handler. */
export function responsesOf(handler: object): readonly ResponseSpec[] {
  return (Reflect.getMetadata(RESPONSES, handler) ?? []) as ResponseSpec[];
}

/**
 * JSON text of a value of type `T`, already serialised (by PostgreSQL, for a hot read path): the
 * route sends it as is instead of parsing and re-serialising it. Declare
 * `@Header('Content-Type', 'application/json; charset=utf-8')` on such a route; the tests check its
 * body against the schema like every other answer.
 */
export type JsonText<T> = string & { readonly [jsonOf]: T };
declare const jsonOf: unique symbol;

/** Marks text the caller knows to be the JSON of a `T`. */
export function jsonText<T>(text: string): JsonText<T> {
  return text as JsonText<T>;
}

/**
 * The route answers JSON described by `schema` (documented at `/api/docs-json`). The handler's
 * result must be of the schema's type (or its JSON text, see `JsonText`): a handler answering
 * something else does not compile.
 */
export function Responds<S extends z.ZodType>(schema: S, options: ResponseOptions = {}) {
  return <
    H extends (
      ...args: never[]
    ) => Output<S> | JsonText<Output<S>> | Promise<Output<S> | JsonText<Output<S>>>,
  >(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => add(descriptor.value, { kind: 'json', schema, ...options });
}

/** The route answers a file (CSV, xlsx, PDF, HTML …) of one of these media types. */
export function RespondsWithFile(
  mediaTypes: string | readonly string[],
  options: ResponseOptions = {},
) {
  return (_target: object, _key: string | symbol, descriptor: PropertyDescriptor): void =>
    add(descriptor.value, {
      kind: 'file',
      mediaTypes: typeof mediaTypes === 'string' ? [mediaTypes] : mediaTypes,
      ...options,
    });
}

/** The route answers no body (204, or a redirect with `status`). */
export function RespondsEmpty(options: ResponseOptions = {}) {
  return <H extends (...args: never[]) => void | Promise<void>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => add(descriptor.value, { kind: 'empty', ...options });
}
