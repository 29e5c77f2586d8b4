/**
 * A small validator for the OpenAPI 3.0 schema subset GitHub's description uses: $ref, type, nullable,
 * enum, properties, required, additionalProperties, items, allOf, oneOf, anyOf, minimum, maximum.
 * `strict` (for request bodies) also refuses properties the schema does not declare.
 */
export type Schema = Record<string, unknown>;

export type Resolve = (schema: Schema) => Schema;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === expected || (expected === 'number' && actual === 'integer');
}

/** Properties declared by a schema, including those of its allOf parts. */
function declaredProperties(schema: Schema, resolve: Resolve): Set<string> {
  const names = new Set(Object.keys((schema.properties as Schema | undefined) ?? {}));
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) {
    for (const name of declaredProperties(resolve(part), resolve)) names.add(name);
  }
  return names;
}

export function validateSchema(
  raw: Schema,
  value: unknown,
  resolve: Resolve,
  options: { strict: boolean },
  at = '$',
): string[] {
  const schema = resolve(raw);
  if (value === null) {
    const nullable = schema.nullable === true || (schema.enum as unknown[] | undefined)?.includes(null);
    const untyped = schema.type === undefined && schema.properties === undefined && !schema.allOf;
    return nullable || untyped ? [] : [`${at}: null but the schema is not nullable`];
  }
  const problems: string[] = [];
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) {
    problems.push(...validateSchema(part, value, resolve, { strict: false }, at));
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = schema[keyword] as Schema[] | undefined;
    if (branches === undefined) continue;
    const results = branches.map((branch) => validateSchema(branch, value, resolve, options, at));
    if (!results.some((r) => r.length === 0)) {
      problems.push(`${at}: matches none of ${keyword} (${results.map((r) => r[0]).join(' | ')})`);
    }
  }
  const type = schema.type as string | undefined;
  if (type !== undefined && !matchesType(type, value)) {
    return [...problems, `${at}: expected ${type}, got ${typeOf(value)}`];
  }
  const allowed = schema.enum as unknown[] | undefined;
  if (allowed !== undefined && !allowed.includes(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${at}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${at}: above maximum`);
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) =>
      problems.push(...validateSchema(schema.items as Schema, item, resolve, options, `${at}[${i}]`)),
    );
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in record)) problems.push(`${at}.${name}: required but missing`);
    }
    const declared = declaredProperties(schema, resolve);
    for (const [name, item] of Object.entries(record)) {
      const property = properties[name];
      if (property !== undefined) {
        problems.push(...validateSchema(property, item, resolve, options, `${at}.${name}`));
        continue;
      }
      const extra = schema.additionalProperties;
      if (typeof extra === 'object' && extra !== null) {
        problems.push(...validateSchema(extra as Schema, item, resolve, options, `${at}.${name}`));
      } else if (options.strict && extra !== true && !declared.has(name)) {
        problems.push(`${at}.${name}: not a documented property`);
      }
    }
  }
  return problems;
}
