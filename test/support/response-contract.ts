import { z } from 'zod';

/**
 * Every success answer a test receives, checked against the API's own OpenAPI document
 * (`/api/docs-json`): the status must be one the operation documents, the media type one it
 * documents, and a JSON body must match the documented schema (compiled from the document with
 * zod's `fromJSONSchema`, so what is checked is what clients read). A mismatch fails the request
 * with the operation, the schema and the path to each mismatch.
 *
 * `startTestSystem()` routes `system.fetch` through it, so every integration test that gets a 2xx
 * also checks the contract. The public portal (`/public`, server-rendered pages and files) and
 * the development pages (`/dev`) are not described in the document and are not checked.
 */

interface MediaType {
  readonly schema?: unknown;
}
interface ResponseObject {
  readonly content?: Readonly<Record<string, MediaType>>;
}
interface OperationObject {
  readonly responses?: Readonly<Record<string, ResponseObject>>;
}
export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, unknown>> };
}

/** Paths whose answers the document does not describe (HTML pages, files, development aids). */
export const UNDESCRIBED_PREFIXES = ['/public', '/dev'] as const;

export const isUndescribed = (path: string): boolean =>
  UNDESCRIBED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  /** Literal characters: the most specific template wins (`/users/import` over `/users/{id}`). */
  readonly literal: number;
  readonly operation: OperationObject;
}

/** Thrown when an answer does not match the document. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

export class ResponseContract {
  private document: Promise<OpenApiDocument> | undefined;
  private routes: Route[] | undefined;
  private readonly validators = new Map<unknown, z.ZodType>();
  private readonly resolved = new Map<string, unknown>();
  /** `METHOD /template status` of every answer checked so far. */
  readonly checked = new Set<string>();

  constructor(private readonly load: () => Promise<OpenApiDocument>) {}

  /** Checks one answer (its body is read from a clone; the caller still reads the original). */
  async check(method: string, url: string, res: Response): Promise<void> {
    if (res.status < 200 || res.status >= 300) return;
    const path = new URL(url).pathname;
    if (path.startsWith('/api/docs') || isUndescribed(path)) return;
    const mediaType = res.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    const route = await this.route(method.toUpperCase(), path);
    if (!route) {
      // Static assets of the web UI are files outside the API; JSON always is the API.
      if (mediaType === 'application/json')
        throw new ContractViolation(`${method} ${path} answered JSON but is not in the document`);
      return;
    }
    if (isUndescribed(route.template)) return;
    const where = `${route.method} ${route.template} → ${res.status}`;
    const documented = route.operation.responses?.[String(res.status)];
    if (!documented) {
      const statuses = Object.keys(route.operation.responses ?? {}).join(', ');
      throw new ContractViolation(`${where}: status not documented (documented: ${statuses})`);
    }
    this.checked.add(`${route.method} ${route.template} ${res.status}`);
    const content = documented.content ?? {};
    if (Object.keys(content).length === 0) {
      const body = await res.clone().text();
      if (body !== '') throw new ContractViolation(`${where}: documented without a body, got one`);
      return;
    }
    if (!(mediaType in content))
      throw new ContractViolation(
        `${where}: answered ${mediaType || 'no media type'}, documented ${Object.keys(content).join(', ')}`,
      );
    if (mediaType !== 'application/json') return;
    const schema = content[mediaType]?.schema;
    if (schema === undefined) throw new ContractViolation(`${where}: JSON without a schema`);
    const body: unknown = await res.clone().json();
    const result = (await this.compile(schema)).safeParse(body);
    if (!result.success) {
      const ref = (schema as { $ref?: string }).$ref ?? 'its schema';
      throw new ContractViolation(
        `${where} does not match ${ref}:\n${describeIssues(result.error.issues)
          .map((line) => `  ${line}`)
          .join('\n')}`,
      );
    }
  }

  /** The document as served (fetched once). */
  doc(): Promise<OpenApiDocument> {
    this.document ??= this.load();
    return this.document;
  }

  private async route(method: string, path: string): Promise<Route | undefined> {
    if (!this.routes) {
      const doc = await this.doc();
      this.routes = Object.entries(doc.paths).flatMap(([template, operations]) =>
        Object.entries(operations).map(([m, operation]) => ({
          method: m.toUpperCase(),
          template,
          pattern: new RegExp(
            `^${template
              .split(/\{[^}]+\}/)
              .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
              .join('[^/]+')}/?$`,
          ),
          literal: template.replace(/\{[^}]+\}/g, '').length,
          operation,
        })),
      );
    }
    return this.routes
      .filter((r) => r.method === method && r.pattern.test(path))
      .sort((a, b) => b.literal - a.literal)[0];
  }

  /** A documented schema (references resolved) as a zod validator; throws if it cannot be. */
  async compile(schema: unknown): Promise<z.ZodType> {
    let validator = this.validators.get(schema);
    if (!validator) {
      const doc = await this.doc();
      validator = z.fromJSONSchema(this.resolve(doc, schema) as z.core.JSONSchema.JSONSchema, {
        defaultTarget: 'openapi-3.0',
      });
      this.validators.set(schema, validator);
    }
    return validator;
  }

  /** The schema with every `#/components/schemas/…` reference replaced by the component. */
  private resolve(doc: OpenApiDocument, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(doc, v));
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const id = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      const component = id === undefined ? undefined : doc.components?.schemas?.[id];
      if (id === undefined || component === undefined)
        throw new ContractViolation(`unresolvable reference ${ref}`);
      if (!this.resolved.has(id)) this.resolved.set(id, this.resolve(doc, component));
      return this.resolved.get(id);
    }
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, this.resolve(doc, child)]),
    );
  }
}

/** One line per mismatch: `path: message`; for a union, the issues of its closest branch. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []) {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // The branch that got furthest (deepest mismatch), then the one with the fewest.
      const depth = (branch: readonly z.core.$ZodIssue[]) =>
        Math.max(0, ...branch.map((i) => i.path.length));
      const closest = [...issue.errors].sort(
        (a, b) => depth(b) - depth(a) || a.length - b.length,
      )[0]!;
      lines.push(...describeIssues(closest, path));
      continue;
    }
    lines.push(`${path.map(String).join('.') || '(body)'}: ${issue.message}`);
  }
  return lines;
}
