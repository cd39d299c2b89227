import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCookieAuth,
  ApiExtension,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
  DECORATORS,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/credentials';
import { IS_PUBLIC, PLATFORM_OPERATOR, REQUIRED_ROLES } from '../auth/decorators';
import { apiErrorSchema } from '../common/error.schemas';
import { uploadSpecOf } from '../common/upload';
import { ZodValidationPipe } from '../common/validation';
import { errorResponsesOf } from './error-responses';
import { responsesOf, type ResponseSpec } from './responds';
import { apiSchemas } from './schemas';
import { summaryOf } from './summary';

/** A schema as the document holds it. */
type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs-json';

/** Controllers whose routes have been described (metadata is per class, shared by every app). */
const described = new WeakSet<object>();
/** Named response schemas (`named(…)`), as `#/components/schemas/<id>`; filled while describing. */
const responseComponents = new Map<string, SchemaObject>();

/**
 * Serves the OpenAPI document of every controller at `/api/docs-json` and Swagger UI at
 * `/api/docs`. Nothing is declared twice: request bodies, query strings and path parameters are
 * derived from the zod schemas of each route's `ZodValidationPipe` (`z.toJSONSchema`), success
 * responses from the schemas of its `@Responds(…)` (the same schemas type the handlers' results),
 * security and roles from `@Public()` / `@Roles()`, error responses from what each route takes
 * (`errorResponsesOf`), the summary from its `@Summary(ja, en)`. Served in every environment: it
 * describes the API, never its data.
 */
export function setUpApiDocs(app: INestApplication, version: string): OpenAPIObject {
  for (const controller of controllersOf(app)) describeController(controller);
  const config = new DocumentBuilder()
    .setTitle('hyoka API')
    .setDescription(
      '行政評価（事務事業評価）の HTTP API。Sign in with `POST /auth/sign-in`, then send the token as ' +
        '`Authorization: Bearer <token>` (or use the session cookie). Every error has the shape ' +
        '`{"error":{"code","message","messageJa","details?","requestId"}}`.',
    )
    .setVersion(version)
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // The server that serves the document: clients resolve paths against where they read it.
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
      'session',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // A public route says so (`security: []`) rather than saying nothing.
  for (const operations of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = operations[method];
      if (operation) operation.security ??= [];
    }
  }
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...Object.fromEntries([...responseComponents].sort(([a], [b]) => a.localeCompare(b))),
      // The one error shape of every failure (its zod schema also types the web client).
      Error: responseSchemaOf(apiErrorSchema),
    },
  };
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    customSiteTitle: 'hyoka API',
    swaggerOptions: { persistAuthorization: false },
  });
  return document;
}

function controllersOf(app: INestApplication): Type[] {
  const found = new Set<Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      if (wrapper.metatype) found.add(wrapper.metatype as Type);
    }
  }
  return [...found];
}

function describeController(controller: Type): void {
  if (described.has(controller)) return;
  described.add(controller);
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  if (!Reflect.getMetadata(DECORATORS.API_TAGS, controller)) {
    ApiTags(base.split('/').filter(Boolean)[0] ?? 'root')(controller);
  }
  const proto = controller.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    const handler = descriptor?.value as unknown;
    if (
      name === 'constructor' ||
      typeof handler !== 'function' ||
      Reflect.getMetadata(PATH_METADATA, handler) === undefined
    )
      continue;
    const apply = (decorator: MethodDecorator) => decorator(proto, name, descriptor!);
    const summary = summaryOf(handler);
    if (!summary) throw new Error(`${controller.name}.${name} needs @Summary(ja, en)`);
    apply(ApiOperation({ summary: `${summary.ja} / ${summary.en}` }));
    const parameters = describeArguments(controller, name, apply);
    const upload = uploadSpecOf(handler);
    if (upload) {
      // A file as the raw body (`@AcceptsUpload`): its media types and the largest size taken.
      apply(ApiConsumes(...upload.mediaTypes));
      apply(
        ApiBody({
          required: true,
          description: `${upload.what.en}, at most ${upload.limitBytes} bytes (larger: 413)`,
          schema: { type: 'string', format: 'binary' },
        }),
      );
      apply(ApiExtension('x-max-body-bytes', upload.limitBytes));
    }
    const successes = responsesOf(handler);
    for (const spec of successes) apply(ApiResponse(responseObject(handler, spec)));
    const isPublic =
      Reflect.getMetadata(IS_PUBLIC, handler) === true ||
      Reflect.getMetadata(IS_PUBLIC, controller) === true;
    if (!isPublic) {
      apply(ApiBearerAuth('bearer'));
      apply(ApiCookieAuth('session'));
      const roles = (Reflect.getMetadata(REQUIRED_ROLES, handler) ??
        Reflect.getMetadata(REQUIRED_ROLES, controller)) as string[] | undefined;
      if (roles) apply(ApiExtension('x-required-roles', roles));
      // The platform operator's routes admit no role of a government.
      if (
        Reflect.getMetadata(PLATFORM_OPERATOR, handler) === true ||
        Reflect.getMetadata(PLATFORM_OPERATOR, controller) === true
      )
        apply(ApiExtension('x-required-roles', ['platform_operator']));
    }
    const documented = new Set(successes.map((spec) => spec.status));
    const errors = errorResponsesOf(handler, {
      method: Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod,
      isPublic,
      takesParameters: parameters.query || parameters.path || parameters.header,
      hasPathParameters: parameters.path,
      takesUpload: upload !== undefined,
    });
    for (const { status, description } of errors) {
      // A status the route documents as an answer of its own (a health check's 503) stays so.
      if (documented.has(status)) continue;
      apply(ApiResponse({ status, description, schema: { $ref: '#/components/schemas/Error' } }));
    }
    apply(
      ApiResponse({
        status: 'default',
        description: 'Any other error (500 included), with the same body',
        schema: { $ref: '#/components/schemas/Error' },
      }),
    );
  }
}

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** Which kinds of parameters a route declares. */
interface Parameters {
  query: boolean;
  path: boolean;
  header: boolean;
}

function describeArguments(
  controller: Type,
  method: string,
  apply: (decorator: MethodDecorator) => void,
): Parameters {
  const found: Parameters = { query: false, path: false, header: false };
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    RouteArg
  >;
  for (const [key, arg] of Object.entries(args)) {
    const type = Number(key.split(':')[0]);
    const zod = arg.pipes?.find(
      (p): p is ZodValidationPipe<z.ZodType> => p instanceof ZodValidationPipe,
    );
    const schema = zod ? jsonSchemaOf(zod.schema) : undefined;
    if (type === Number(RouteParamtypes.BODY) && schema) {
      apply(ApiBody({ schema, required: !acceptsUndefined(zod!.schema) }));
    } else if (type === Number(RouteParamtypes.QUERY) && schema && arg.data === undefined) {
      const object = schema as { required?: string[]; properties?: Record<string, unknown> };
      const required = new Set(object.required ?? []);
      for (const [name, property] of Object.entries(object.properties ?? {})) {
        apply(ApiQuery({ name, required: required.has(name), schema: property as SchemaObject }));
        found.query = true;
      }
    } else if (type === Number(RouteParamtypes.QUERY) && typeof arg.data === 'string') {
      found.query = true;
    } else if (type === Number(RouteParamtypes.PARAM) && typeof arg.data === 'string') {
      apply(ApiParam({ name: arg.data, required: true, ...(schema ? { schema } : {}) }));
      found.path = true;
    } else if (type === Number(RouteParamtypes.HEADERS) && typeof arg.data === 'string') {
      apply(ApiHeader({ name: arg.data, required: false }));
      found.header = true;
    }
  }
  return found;
}

function jsonSchemaOf(schema: z.ZodType): SchemaObject | undefined {
  try {
    const json = z.toJSONSchema(schema, {
      io: 'input',
      target: 'openapi-3.0',
      unrepresentable: 'any',
      override: typeBesideNullable,
    }) as Record<string, unknown>;
    delete json['$schema'];
    return json;
  } catch {
    return undefined;
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  302: 'Found (redirect)',
  503: 'Service unavailable',
};

/** A documented success response: status from the spec, the route's @HttpCode or its method. */
function responseObject(handler: object, spec: ResponseSpec) {
  const status =
    spec.status ??
    (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
    (Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST ? 201 : 200);
  const description = spec.description ?? STATUS_TEXT[status] ?? String(status);
  switch (spec.kind) {
    case 'json':
      return {
        status,
        description,
        content: { 'application/json': { schema: responseSchemaOf(spec.schema) } },
      };
    case 'file':
      return {
        status,
        description,
        content: Object.fromEntries(
          spec.mediaTypes.map((type) => [
            type,
            {
              schema: /^text\/|\+xml$|^application\/json/.test(type)
                ? { type: 'string' }
                : { type: 'string', format: 'binary' },
            },
          ]),
        ),
      };
    case 'empty':
      return { status, description };
  }
}

/**
 * The JSON schema of what a route answers (`io: 'output'`: objects list every property they
 * may have, `additionalProperties: false`). Named schemas (`named(…)`) become components and are
 * referred to; a schema that JSON cannot describe (a Date, a function) fails here, at start-up.
 */
function responseSchemaOf(schema: z.ZodType): SchemaObject {
  const json = z.toJSONSchema(schema, {
    io: 'output',
    target: 'openapi-3.0',
    metadata: apiSchemas,
    override: typeBesideNullable,
  }) as Record<string, unknown>;
  delete json['$schema'];
  const definitions = (json['definitions'] ?? {}) as Record<string, unknown>;
  delete json['definitions'];
  for (const [id, definition] of Object.entries(definitions)) {
    // Ids zod makes up (for a recursive schema) would clash between routes: name such schemas.
    if (id.startsWith('__')) throw new Error(`A recursive response schema needs named(…): ${id}`);
    responseComponents.set(id, toComponentRefs(definition) as SchemaObject);
  }
  return toComponentRefs(json) as SchemaObject;
}

/**
 * OpenAPI 3.0 reads `nullable` only beside a `type`, but zod writes a nullable union (e.g. a
 * nullable discriminated union of objects) as `{ nullable, oneOf }`: give it the type its
 * branches share, so that `null` is allowed by the document as it is by the schema.
 */
function typeBesideNullable(ctx: { readonly jsonSchema: object }): void {
  const json = ctx.jsonSchema as Record<string, unknown>;
  if (json['nullable'] !== true || json['type'] !== undefined) return;
  const branches = (json['oneOf'] ?? json['anyOf']) as readonly { type?: unknown }[] | undefined;
  const types = new Set(branches?.map((branch) => branch.type));
  const [type] = types;
  if (types.size === 1 && typeof type === 'string') json['type'] = type;
}

/** `#/definitions/X` → `#/components/schemas/X`, everywhere in a schema. */
function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      key === '$ref' && typeof child === 'string'
        ? child.replace(/^#\/definitions\//, '#/components/schemas/')
        : toComponentRefs(child),
    ]),
  );
}

function acceptsUndefined(schema: z.ZodType): boolean {
  return schema.safeParse(undefined).success;
}
