// Requests made from the OpenAPI document the server publishes: every operation with its
// declared policy (`x-policy`), and a valid request for it built from its parameters and body
// schema, with ids taken from a test district (see Fixtures). Used by the access matrix (is the
// answer what the policy table says?) and by the fuzzer (start from a valid request, break it).
import { randomUUID } from "node:crypto";
import type { Action } from "../../../src/auth/policy";

export type Policy = { access: "public" } | { access: "signed-in" } | { access: "role"; actions: Action[] };

export interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  example?: unknown;
  default?: unknown;
  additionalProperties?: boolean | Schema;
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  /** The path template, e.g. /api/v1/tenants/{tenant}/households/{id} */
  path: string;
  policy: Policy | undefined;
  parameters: Parameter[];
  /** Content type and schema of the request body, when it has one. */
  body: { type: string; schema: Schema } | undefined;
  /** Answers a WebSocket upgrade (status 101). */
  upgrade: boolean;
}

export interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        "x-policy"?: Policy;
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: Schema }> };
        responses: Record<string, unknown>;
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

export function operations(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const content = Object.entries(op.requestBody?.content ?? {})[0];
      return {
        method: method.toUpperCase(),
        path,
        policy: op["x-policy"],
        parameters: op.parameters ?? [],
        body: content ? { type: content[0], schema: content[1].schema } : undefined,
        upgrade: "101" in op.responses,
      };
    }),
  );
}

export const isWrite = (op: Operation) => op.method !== "GET" && op.method !== "HEAD";
export const isTenantRoute = (op: Operation) => op.path.startsWith("/api/v1/tenants/{tenant}/");

/** The schema with references followed and `allOf` merged. */
export function resolve(doc: OpenApiDoc, schema: Schema): Schema {
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split("/").pop()!]!);
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => resolve(doc, s));
    const { allOf: _a, ...rest } = schema;
    return Object.assign({}, ...parts, rest, {
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), rest.properties ?? {}),
      required: [...new Set(parts.flatMap((p) => p.required ?? []).concat(rest.required ?? []))],
    });
  }
  return schema;
}

/** A value of the district: an id (or number) and the unit path it lies under ([] = tenant-wide). */
export interface Resolved {
  value: unknown;
  unitPath?: string[];
}

/** Where the ids of a request come from: the caller's own area ("home") or another commune ("away"). */
export type Place = "home" | "away";

/**
 * Gives the district's ids for names of parameters and fields (villageId, householdId, the {id}
 * of /households/{id}, …), creating fresh records where a request would use them up.
 */
export interface FixtureSource {
  /** `name` of a path parameter, query parameter or body field; `segment` is the path segment before a path parameter. */
  resolve(
    name: string,
    where: "path" | "query" | "body",
    place: Place,
    context: RequestContext,
  ): Promise<Resolved | undefined>;
  /** A body for a content type other than JSON (e.g. a CSV file). */
  rawBody(type: string, place: Place, context: RequestContext): Promise<string | undefined>;
}

export interface RequestContext {
  op: Operation;
  /** Records made for this request, by name (e.g. the household of the path). */
  made: Map<string, { id: string; version: number; memberIds?: string[]; villageId?: string }>;
  /** The path segment before the parameter being resolved. */
  segment?: string;
}

export interface BuiltRequest {
  method: string;
  path: string;
  body: unknown;
  contentType: string | undefined;
  /** Unit paths of the district's records the request is about (for the scope rule). */
  targets: string[][];
  /** What could not be given a value (the test fails on these). */
  unresolved: string[];
}

let counter = 0;
/** A short unique token for names and codes that must not repeat. */
export const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Optional query parameters worth sending (they name a record, so the scope rule applies): the first found of these groups. */
const OPTIONAL_QUERY = [["villageId", "communeId", "parentId", "unitId"], ["entityId"]];

export async function buildRequest(
  doc: OpenApiDoc,
  op: Operation,
  fixtures: FixtureSource,
  place: Place,
): Promise<BuiltRequest> {
  const context: RequestContext = { op, made: new Map() };
  const targets: string[][] = [];
  const unresolved: string[] = [];
  const take = (r: Resolved | undefined, what: string): unknown => {
    if (!r) {
      unresolved.push(what);
      return undefined;
    }
    if (r.unitPath) targets.push(r.unitPath);
    return r.value;
  };

  let path = op.path;
  const segments = op.path.split("/");
  for (const p of op.parameters.filter((p) => p.in === "path")) {
    const at = segments.indexOf(`{${p.name}}`);
    context.segment = segments[at - 1];
    // A parameter that names no record of the district (a form code, a rule) takes a valid value of its schema.
    const fixed = await fixtures.resolve(p.name, "path", place, context);
    const value = fixed
      ? take(fixed, p.name)
      : p.schema?.enum
        ? sample(doc, p.schema, p.name)
        : take(undefined, `path parameter ${p.name}`);
    path = path.replace(`{${p.name}}`, encodeURIComponent(String(value)));
  }
  context.segment = undefined;

  const query = new URLSearchParams();
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const optional = OPTIONAL_QUERY.map((group) => group.find((name) => queryParams.some((p) => p.name === name))).filter(
    Boolean,
  );
  for (const p of queryParams) {
    if (!p.required && !optional.includes(p.name)) continue;
    const fixed = await fixtures.resolve(p.name, "query", place, context);
    const value = fixed ? take(fixed, p.name) : sample(doc, p.schema ?? {}, p.name);
    if (value === undefined) unresolved.push(`query parameter ${p.name}`);
    else query.set(p.name, String(value));
  }
  if ([...query].length) path += `?${query}`;

  let body: unknown;
  let contentType: string | undefined;
  if (op.body) {
    contentType = op.body.type;
    if (op.body.type === "application/json")
      body = await jsonBody(doc, op.body.schema, fixtures, place, context, take, "");
    else
      body =
        (await fixtures.rawBody(op.body.type, place, context)) ??
        (unresolved.push(`body of type ${op.body.type}`), undefined);
  }
  return { method: op.method, path, body, contentType, targets, unresolved };
}

async function jsonBody(
  doc: OpenApiDoc,
  raw: Schema,
  fixtures: FixtureSource,
  place: Place,
  context: RequestContext,
  take: (r: Resolved | undefined, what: string) => unknown,
  at: string,
): Promise<unknown> {
  const schema = resolve(doc, raw);
  if (!schema.properties) return sample(doc, schema, at);
  // The schema's example, when it has one, is the starting point (the route's author knows best).
  const example =
    schema.example && typeof schema.example === "object"
      ? (structuredClone(schema.example) as Record<string, unknown>)
      : undefined;
  const out: Record<string, unknown> = example ?? {};
  for (const [name, prop] of Object.entries(schema.properties)) {
    const required = schema.required?.includes(name) ?? false;
    // Optional fields stay out (a move, a new parent, …), except the version an update is based on.
    if (!required && name !== "version" && !(name in out)) continue;
    const fixed = await fixtures.resolve(name, "body", place, context);
    if (fixed) {
      out[name] = take(fixed, name);
      continue;
    }
    if (!required || name in out) continue;
    const p = resolve(doc, prop);
    const items = p.items ? resolve(doc, p.items) : undefined;
    if (items?.properties) {
      out[name] = [];
      for (let i = 0; i < Math.max(1, p.minItems ?? 1); i++)
        (out[name] as unknown[]).push(await jsonBody(doc, items, fixtures, place, context, take, `${at}${name}.${i}.`));
    } else if (p.properties) out[name] = await jsonBody(doc, p, fixtures, place, context, take, `${at}${name}.`);
    else out[name] = sample(doc, p, name);
  }
  return out;
}

/** A plausible valid value of a schema that names no record of the district. */
export function sample(doc: OpenApiDoc, raw: Schema, name: string): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variant = schema.anyOf ?? schema.oneOf;
  if (variant) return sample(doc, variant.find((s) => resolve(doc, s).type !== "null") ?? variant[0]!, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "string": {
      if (schema.format === "uuid") return randomUUID();
      if (schema.format === "date") return "2025-06-16";
      if (schema.format === "date-time") return new Date().toISOString();
      if (schema.format === "email") return `thu.${unique()}@example.vn`;
      // Letters and digits only when a pattern restricts the characters (codes, usernames).
      const base = schema.pattern ? `t${unique()}` : `Thử ${name} ${unique()}`;
      return base.padEnd(schema.minLength ?? 0, "x").slice(0, schema.maxLength ?? 200);
    }
    case "integer":
    case "number":
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case "boolean":
      return false;
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(doc, schema.items ?? {}, name));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const r of schema.required ?? []) out[r] = sample(doc, schema.properties?.[r] ?? {}, r);
      return out;
    }
    default:
      return null;
  }
}
