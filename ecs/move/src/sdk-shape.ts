import * as ecs from '@aws-sdk/client-ecs';

/**
 * Checks a request against the operation's input shape in the AWS SDK's own ECS model before it is sent:
 * the SDK serializes from that model and silently drops members it does not know, so a misspelt field
 * of a definition (`stopTimout`) would vanish from the request instead of failing. Reports unknown members,
 * wrong types and missing required members with their path.
 *
 * The model comes as schema tuples: a structure `[3, namespace, name, traits, memberNames, memberSchemas,
 * requiredCount?]`, a list `[1, ns, name, traits, member]`, a map `[2, ns, name, traits, key, value]`;
 * simple types are numbers (0 string, 1 number, 2 boolean; `64 | x` a list of x, `128 | x` a map to x),
 * and a schema may be wrapped in a function or come as `[schema, traits]`.
 */
function unwrap(schema: unknown): unknown {
  let current = schema;
  while (typeof current === 'function') current = (current as () => unknown)();
  const wrapped =
    Array.isArray(current) &&
    current.length === 2 &&
    typeof current[1] === 'number' &&
    typeof current[0] !== 'number';
  return wrapped ? unwrap((current as unknown[])[0]) : current;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function shapeProblems(value: unknown, schema: unknown, path = '$'): string[] {
  const s = unwrap(schema);
  if (typeof s === 'number') {
    if ((s & 64) === 64) {
      return Array.isArray(value)
        ? value.flatMap((item, i) => shapeProblems(item, s & ~64, `${path}[${i}]`))
        : [`${path}: expected a list`];
    }
    if ((s & 128) === 128) {
      return isRecord(value)
        ? Object.entries(value).flatMap(([k, v]) => shapeProblems(v, s & ~128, `${path}.${k}`))
        : [`${path}: expected a map`];
    }
    const expected = ({ 0: 'string', 1: 'number', 2: 'boolean' } as Record<number, string>)[s];
    return expected === undefined || typeof value === expected ? [] : [`${path}: expected a ${expected}`];
  }
  if (!Array.isArray(s)) return [];
  if (s[0] === 1) {
    return Array.isArray(value)
      ? value.flatMap((item, i) => shapeProblems(item, s[4], `${path}[${i}]`))
      : [`${path}: expected a list`];
  }
  if (s[0] === 2) {
    return isRecord(value)
      ? Object.entries(value).flatMap(([k, v]) => shapeProblems(v, s[5], `${path}.${k}`))
      : [`${path}: expected a map`];
  }
  if (s[0] !== 3) return [];
  if (!isRecord(value)) return [`${path}: expected an object`];
  const names = s[4] as string[];
  const members = s[5] as unknown[];
  const required = typeof s[6] === 'number' ? names.slice(0, s[6]) : [];
  return [
    ...required.filter((name) => !(name in value)).map((name) => `${path}.${name}: required`),
    ...Object.entries(value).flatMap(([key, member]) => {
      const index = names.indexOf(key);
      return index === -1
        ? [`${path}.${key}: not a member of ${String(s[2])}`]
        : shapeProblems(member, members[index], `${path}.${key}`);
    }),
  ];
}

const model = ecs as unknown as Record<string, unknown>;
export const REGISTER_TASK_DEFINITION_INPUT = model['RegisterTaskDefinitionRequest$'];
export const CREATE_SERVICE_INPUT = model['CreateServiceRequest$'];
