import { z } from 'zod';

/**
 * Building blocks of the response schemas. A response schema is the one declaration of what a
 * route answers: the OpenAPI document is generated from it (`@Responds`), and the TypeScript type
 * of the result is inferred from it (`z.infer`) or, for a type owned by a library without zod
 * (the domain's computed values, the workflows' state), checked against it at compile time
 * (`describes<T>()`).
 */

/** Ids (`#/components/schemas/<id>`), descriptions and examples of response schemas, for the document. */
export const apiSchemas = z.registry<{ id?: string; description?: string; example?: unknown }>();

/** A response schema that the document names (a component clients can refer to). */
export function named<S extends z.ZodType>(id: string, description: string, schema: S): S {
  apiSchemas.add(schema, { id, description });
  return schema;
}

/** A schema with a description in the document. */
export function described<S extends z.ZodType>(description: string, schema: S): S {
  apiSchemas.add(schema, { description });
  return schema;
}

/** An id the API hands out: it is accepted back wherever the API takes an id (`z.uuid()`). */
export const uuid = z.uuid();
/** An instant in UTC, ISO 8601 (`2026-04-01T00:00:00.000Z`). */
export const instant = described('Instant in UTC, ISO 8601', z.iso.datetime());
/** A calendar date (`2026-04-01`), in Asia/Tokyo where it matters. */
export const isoDate = described('Date (YYYY-MM-DD)', z.iso.date());
/** A text in Japanese and English (messages, labels). */
export const bilingualSchema = z.object({ ja: z.string(), en: z.string() });

/** One problem with one field (422 details, and the warnings of an accepted write). */
export const fieldProblemSchema = named(
  'FieldProblem',
  'A problem with one field: where (path), what (code), in both languages',
  z.object({
    path: z.array(z.union([z.string(), z.number()])),
    code: z.string(),
    message: bilingualSchema,
  }),
);

type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/** A data type, read-only all the way down. */
export type ReadonlyDeep<T> = T extends Primitive
  ? T
  : T extends readonly (infer U)[]
    ? readonly ReadonlyDeep<U>[]
    : T extends object
      ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> }
      : T;

/**
 * The type of what a response schema describes: `z.output`, read-only all the way down (a
 * service builds it, nobody edits it afterwards). Mutable values are assignable to it.
 */
export type Output<S extends z.ZodType> = ReadonlyDeep<z.output<S>>;

/** The data of a type, readonly or not (readonly is the producer's promise, not a shape). */
type Plain<T> = T extends Primitive
  ? T
  : T extends readonly (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Plain<T[K]> }
      : T;

/** `true` when A and B describe the same data, readonly aside. */
export type SameShape<A, B> = [Plain<A>] extends [Plain<B>]
  ? [Plain<B>] extends [Plain<A>]
    ? true
    : false
  : false;

/**
 * A schema for a type declared elsewhere (a library without zod): does not compile unless the
 * schema's type and `T` are the same, so the two cannot drift apart.
 * `describes<SheetState>()(z.object({ … }))`.
 */
export function describes<T>() {
  return <S extends z.ZodType>(
    schema: S & (SameShape<z.output<S>, T> extends true ? S : never),
  ): S => schema;
}

/**
 * A zod enum of exactly the members of the string union `T` (declared elsewhere, e.g. a column's
 * type): a missing or an unknown member does not compile.
 */
export function enumOf<T extends string>() {
  return <const V extends readonly [T, ...T[]]>(
    values: V & ([T] extends [V[number]] ? V : never),
  ): z.ZodEnum<{ [K in V[number]]: K }> => z.enum(values);
}
