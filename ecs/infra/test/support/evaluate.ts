import type { CfnTemplate } from './synth';

/** The account and region a deploy would substitute for the pseudo parameters. */
export interface Environment {
  account: string;
  region: string;
}

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Evaluates the CloudFormation intrinsics the stack uses (Ref, Fn::GetAtt, Fn::Join, Fn::Select,
 * Fn::Split) the way CloudFormation would for `env`, so synthesized values compare with rendered
 * templates. A reference to a resource that does not exist, or one this evaluator cannot answer, throws.
 */
export function evaluate(value: Json, template: CfnTemplate, env: Environment): Json {
  const recurse = (inner: Json): Json => evaluate(inner, template, env);
  if (Array.isArray(value)) return value.map(recurse);
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const argument = value[key];
    switch (key) {
      case 'Ref':
        return ref(String(argument), template, env);
      case 'Fn::GetAtt': {
        const [id, attribute] = argument as [string, string];
        return getAtt(id, attribute, template, env);
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, Json[]];
        return parts.map((part) => String(recurse(part))).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = argument as [number, Json];
        const evaluated = recurse(list) as Json[];
        if (!Array.isArray(evaluated) || evaluated[index] === undefined)
          throw new Error('Fn::Select out of range');
        return evaluated[index];
      }
      case 'Fn::Split': {
        const [separator, text] = argument as [string, Json];
        return String(recurse(text)).split(separator);
      }
    }
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, recurse(inner)]));
}

function resource(id: string, template: CfnTemplate) {
  const found = template.Resources[id];
  if (!found) throw new Error(`reference to ${id}, which is not a resource of the template`);
  return { type: found.Type, properties: found.Properties ?? {} };
}

function ref(id: string, template: CfnTemplate, env: Environment): Json {
  switch (id) {
    case 'AWS::AccountId':
      return env.account;
    case 'AWS::Region':
      return env.region;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
  }
  const { type, properties } = resource(id, template);
  const nameProperty: Record<string, string> = {
    'AWS::ECR::Repository': 'RepositoryName',
    'AWS::Logs::LogGroup': 'LogGroupName',
    'AWS::ECS::Cluster': 'ClusterName',
    'AWS::IAM::Role': 'RoleName',
    'AWS::IAM::InstanceProfile': 'InstanceProfileName',
    'AWS::ECS::CapacityProvider': 'Name',
  };
  const property = nameProperty[type];
  if (property && typeof properties[property] === 'string') return properties[property];
  throw new Error(`cannot evaluate Ref ${id} (${type})`);
}

function getAtt(id: string, attribute: string, template: CfnTemplate, env: Environment): Json {
  const { type } = resource(id, template);
  const name = ref(id, template, env);
  const arns: Record<string, string> = {
    'AWS::ECR::Repository': `arn:aws:ecr:${env.region}:${env.account}:repository/${String(name)}`,
    'AWS::IAM::Role': `arn:aws:iam::${env.account}:role/${String(name)}`,
    'AWS::Logs::LogGroup': `arn:aws:logs:${env.region}:${env.account}:log-group:${String(name)}:*`,
    'AWS::ECS::Cluster': `arn:aws:ecs:${env.region}:${env.account}:cluster/${String(name)}`,
  };
  const arn = arns[type];
  if (attribute === 'Arn' && arn) return arn;
  throw new Error(`cannot evaluate Fn::GetAtt ${id}.${attribute} (${type})`);
}

/** Every logical id that a Ref, a Fn::GetAtt, a Fn::Sub or a DependsOn names (pseudo parameters aside). */
export function referencedIds(value: Json): string[] {
  const ids: string[] = [];
  const visit = (inner: Json): void => {
    if (Array.isArray(inner)) return inner.forEach(visit);
    if (!isObject(inner)) return;
    for (const [key, argument] of Object.entries(inner)) {
      if (key === 'Ref' && typeof argument === 'string' && !argument.startsWith('AWS::')) ids.push(argument);
      else if (key === 'Fn::GetAtt') ids.push(String((argument as Json[])[0]));
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(argument) ? String(argument[0]) : String(argument);
        for (const match of text.matchAll(/\$\{([^}.!]+)[^}]*\}/g)) {
          if (!match[1]?.startsWith('AWS::')) ids.push(String(match[1]));
        }
      } else if (key === 'DependsOn')
        ids.push(...(Array.isArray(argument) ? argument.map(String) : [String(argument)]));
      visit(argument);
    }
  };
  visit(value);
  return ids;
}
