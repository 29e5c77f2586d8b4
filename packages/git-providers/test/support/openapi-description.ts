import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RecordedRequest } from '@kodus/test-helpers';
import { type Schema, validateSchema } from './openapi-schema';

/** GitHub's OpenAPI descriptions, as shipped by @octokit/openapi (generated/<plan>.json, with $refs). */
const generated = join(dirname(require.resolve('@octokit/openapi/package.json')), 'generated');

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
  'x-multi-segment'?: boolean;
}

interface Operation {
  operationId: string;
  parameters?: (Parameter | Schema)[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: Schema }> };
  responses: Record<string, Schema>;
}

export interface MatchedOperation {
  template: string;
  operation: Operation;
  parameters: Parameter[];
}

/** The newest GitHub Enterprise Server description in the package (`ghes-3.19`, say). */
export function newestGhesPlan(): string {
  const plans = readdirSync(generated)
    .map((file) => /^(ghes-\d+\.\d+)\.json$/.exec(file)?.[1])
    .filter((plan): plan is string => plan !== undefined);
  const version = (plan: string) => plan.slice(5).split('.').map(Number) as [number, number];
  plans.sort((a, b) => version(a)[0] - version(b)[0] || version(a)[1] - version(b)[1]);
  const newest = plans.at(-1);
  if (newest === undefined) throw new Error(`no GHES description in ${generated}`);
  return newest;
}

export class OpenApiDescription {
  private readonly document: Schema;
  private readonly paths: { template: string; pattern: RegExp; literals: number }[] = [];

  constructor(readonly plan: string) {
    this.document = JSON.parse(readFileSync(join(generated, `${plan}.json`), 'utf8')) as Schema;
    for (const [template, item] of Object.entries(this.document.paths as Record<string, Schema>)) {
      const multiSegment = new Set(
        Object.values(item)
          .flatMap((op) => ((op as Operation).parameters ?? []).map((p) => this.resolve(p as Schema)))
          .filter((p) => p['x-multi-segment'] === true)
          .map((p) => p.name as string),
      );
      const source = template
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{([^}]+)\}/g, (_, name: string) => (multiSegment.has(name) ? '(.+)' : '([^/]+)'));
      const literals = template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length;
      this.paths.push({ template, pattern: new RegExp(`^${source}$`), literals });
    }
  }

  /** Follows `$ref`s (`#/components/...`) until a schema is reached. */
  readonly resolve = (schema: Schema): Schema => {
    let current = schema;
    for (let depth = 0; typeof current.$ref === 'string'; depth += 1) {
      if (depth > 20) throw new Error(`$ref loop at ${String(current.$ref)}`);
      const pointer = (current.$ref as string).replace(/^#\//, '').split('/');
      current = pointer.reduce<Schema>((node, key) => node[key] as Schema, this.document);
    }
    return current;
  };

  /** The documented operation for a method and a path below the API root (most literal template wins). */
  find(method: string, apiPath: string): MatchedOperation | undefined {
    const candidates = this.paths
      .filter((p) => p.pattern.test(apiPath))
      .sort((a, b) => b.literals - a.literals);
    for (const candidate of candidates) {
      const item = (this.document.paths as Record<string, Record<string, Operation>>)[candidate.template];
      const operation = item?.[method.toLowerCase()];
      if (operation === undefined) continue;
      const parameters = (operation.parameters ?? []).map(
        (p) => this.resolve(p as Schema) as unknown as Parameter,
      );
      return { template: candidate.template, operation, parameters };
    }
    return undefined;
  }

  /** Differences between a request and the documented operation: path, query parameters, JSON body. */
  checkRequest(request: Pick<RecordedRequest, 'method' | 'apiPath' | 'query' | 'body'>): string[] {
    const matched = this.find(request.method, request.apiPath);
    if (matched === undefined) return [`${request.method} ${request.apiPath}: no documented operation`];
    const label = `${request.method} ${matched.template} (${matched.operation.operationId})`;
    const problems: string[] = [];
    const query = matched.parameters.filter((p) => p.in === 'query');
    for (const [name, value] of Object.entries(request.query)) {
      const parameter = query.find((p) => p.name === name);
      if (parameter === undefined) {
        problems.push(`${label}: query parameter ${name} is not documented`);
        continue;
      }
      const schema = this.resolve(parameter.schema ?? {});
      const typed = schema.type === 'integer' ? (/^-?\d+$/.test(value) ? Number(value) : value) : value;
      problems.push(...validateSchema(schema, typed, this.resolve, { strict: true }, `${label}: ?${name}`));
    }
    for (const parameter of query.filter((p) => p.required === true)) {
      if (!(parameter.name in request.query)) problems.push(`${label}: required ?${parameter.name} missing`);
    }
    const bodySchema = matched.operation.requestBody?.content?.['application/json']?.schema;
    if (request.body !== undefined) {
      if (bodySchema === undefined) problems.push(`${label}: sends a body the operation does not take`);
      else
        problems.push(
          ...validateSchema(bodySchema, request.body, this.resolve, { strict: true }, `${label}: body`),
        );
    } else if (matched.operation.requestBody?.required === true) {
      problems.push(`${label}: the documented body is required`);
    }
    return problems;
  }

  /** Differences between a JSON response and the documented schema for its status, when documented. */
  checkResponse(request: Pick<RecordedRequest, 'method' | 'apiPath' | 'response'>): string[] {
    const matched = this.find(request.method, request.apiPath);
    if (matched === undefined) return [`${request.method} ${request.apiPath}: no documented operation`];
    const documented = matched.operation.responses[String(request.response.status)];
    if (documented === undefined) return [];
    const content = this.resolve(documented).content as Record<string, { schema: Schema }> | undefined;
    const schema = content?.['application/json']?.schema;
    if (schema === undefined) return [];
    const label = `${request.method} ${matched.template} ${request.response.status}`;
    return validateSchema(schema, request.response.body, this.resolve, { strict: false }, `${label}: $`);
  }
}
