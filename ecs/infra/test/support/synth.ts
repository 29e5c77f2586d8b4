import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../src/app';
import { ECS_DIR } from '../../src/templates';

/** A complete context, as an operator would pass it (ids in AWS's formats: synthesis validates them). */
export const CONTEXT = {
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: 'subnet-0123456789abcdef1,subnet-0123456789abcdef2',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  albListenerArn:
    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/kodus-alb/50dc6c495c0c9188/f2f7dc8efc522ab2',
  albSecurityGroupId: 'sg-0123456789abcdef0',
  webhookHost: 'hooks.example.com',
  apiHost: 'api.example.com',
  imageTag: 'abc1234',
} as const;

export interface Synthesized {
  template: Template;
  json: CfnTemplate;
  /** The images stack (the ECR repositories). */
  images: Template;
  imagesJson: CfnTemplate;
  /** CDK's warnings and errors about either stack. */
  messages: string[];
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown }>;
  Conditions?: Record<string, unknown>;
}

/** The stack as `cdk synth` builds it, with `context` over the sample one. */
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const { app, stack, images: imagesStack } = buildApp({ context: { ...CONTEXT, ...context } });
  const template = Template.fromStack(stack);
  const images = Template.fromStack(imagesStack);
  // The assembly Template built (synth is cached): asking Annotations would run the aspects again.
  const assembly = app.synth();
  const messages = [stack, imagesStack].flatMap((s) =>
    assembly
      .getStackArtifact(s.artifactId)
      .messages.filter((m) => m.level !== 'info')
      .map((m) => `${m.level} ${m.id}: ${String(m.entry.data)}`),
  );
  return {
    template,
    json: template.toJSON() as CfnTemplate,
    images,
    imagesJson: images.toJSON() as CfnTemplate,
    messages,
  };
}

/** The resources of one type, by logical id. */
export function resourcesOf(json: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);
}

/** The one resource of `type` whose property `key` equals `value`. */
export function findResource(
  json: CfnTemplate,
  type: string,
  key: string,
  value: unknown,
): [string, CfnResource] {
  const found = resourcesOf(json, type).filter(([, resource]) => resource.Properties?.[key] === value);
  if (found.length !== 1) throw new Error(`${found.length} ${type} with ${key}=${String(value)}`);
  return found[0] as [string, CfnResource];
}

export const TEMPLATES_DIR = join(ECS_DIR, 'task-definitions');
