import * as ecs from '@aws-sdk/client-ecs';

/**
 * Validates a JSON document against an operation's input shape from the AWS SDK's own ECS model
 * (`@aws-sdk/client-ecs` ships it as schema tuples): unknown keys, wrong types and missing required
 * members are reported with their path.
 *
 * A structure is `[3, namespace, name, traits, memberNames, memberSchemas, requiredCount?]`, a list
 * `[1, namespace, name, traits, memberSchema]`, a map `[2, namespace, name, traits, keySchema, valueSchema]`;
 * simple types are numbers: 0 string, 1 number, 2 boolean, `64 | x` a list of x, `128 | x` a map to x.
 */
type Schema = number | (() => Schema) | readonly unknown[];

function resolve(schema: unknown): Schema {
  let current = schema;
  while (typeof current === 'function') current = (current as () => unknown)();
  // A member schema may come as [schema, traits].
  if (
    Array.isArray(current) &&
    current.length === 2 &&
    typeof current[1] === 'number' &&
    typeof current[0] !== 'number'
  ) {
    return resolve(current[0]);
  }
  return current as Schema;
}

export function validateShape(value: unknown, schema: unknown, path = '$'): string[] {
  const s = resolve(schema);
  if (typeof s === 'number') {
    if (s === 0) return typeof value === 'string' ? [] : [`${path}: expected a string`];
    if (s === 1)
      return typeof value === 'number' && Number.isFinite(value) ? [] : [`${path}: expected a number`];
    if (s === 2) return typeof value === 'boolean' ? [] : [`${path}: expected a boolean`];
    if ((s & 64) === 64) {
      if (!Array.isArray(value)) return [`${path}: expected a list`];
      return value.flatMap((item, i) => validateShape(item, s & ~64, `${path}[${i}]`));
    }
    if ((s & 128) === 128) {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${path}: expected a map`];
      return Object.entries(value).flatMap(([k, v]) => validateShape(v, s & ~128, `${path}.${k}`));
    }
    return [];
  }
  if (!Array.isArray(s)) return [`${path}: unknown schema`];
  const kind = s[0];
  if (kind === 1) {
    if (!Array.isArray(value)) return [`${path}: expected a list`];
    return value.flatMap((item, i) => validateShape(item, s[4], `${path}[${i}]`));
  }
  if (kind === 2) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return [`${path}: expected a map`];
    return Object.entries(value).flatMap(([k, v]) => validateShape(v, s[5], `${path}.${k}`));
  }
  if (kind === 3) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return [`${path}: expected an object (${String(s[2])})`];
    const names = s[4] as string[];
    const members = s[5] as unknown[];
    const required = typeof s[6] === 'number' ? names.slice(0, s[6]) : [];
    const problems: string[] = [];
    for (const name of required)
      if (!(name in value)) problems.push(`${path}.${name}: required by ${String(s[2])}`);
    for (const [key, member] of Object.entries(value)) {
      const index = names.indexOf(key);
      if (index === -1) problems.push(`${path}.${key}: not a member of ${String(s[2])}`);
      else problems.push(...validateShape(member, members[index], `${path}.${key}`));
    }
    return problems;
  }
  return [];
}

export const REGISTER_TASK_DEFINITION = (ecs as unknown as Record<string, unknown>)[
  'RegisterTaskDefinitionRequest$'
];
export const CREATE_SERVICE = (ecs as unknown as Record<string, unknown>)['CreateServiceRequest$'];
