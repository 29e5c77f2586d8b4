import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app';
import { ContextError } from '../src/context';
import { ECS_DIR } from '../src/templates';
import { CONTEXT, findResource, resourcesOf, synthesize } from './support/synth';

function contextError(context: Record<string, unknown>): string {
  try {
    buildApp({ context });
  } catch (error) {
    if (error instanceof ContextError) return error.message;
    throw error;
  }
  throw new Error('the context was accepted');
}

describe('context', () => {
  it('names every missing value that differs per account, and carries no default for them', () => {
    const message = contextError({});
    for (const key of [
      'vpcId',
      'subnetIds',
      'availabilityZones',
      'albListenerArn',
      'albSecurityGroupId',
      'webhookHost',
      'apiHost',
      'imageTag',
    ]) {
      expect(message).toContain(`${key}: required`);
    }
  });

  it('rejects malformed values with what was expected', () => {
    const message = contextError({
      ...CONTEXT,
      albListenerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1',
      logRetentionDays: '8',
      hostsMin: 5,
      hostsMax: 2,
      imageTag: 'latest tag',
      apiRulePriority: 100,
    });
    expect(message).toMatch(/albListenerArn: an ALB listener ARN/);
    expect(message).toMatch(/logRetentionDays: one of CloudWatch Logs retention periods/);
    expect(message).toMatch(/hostsMin must not exceed hostsMax/);
    expect(message).toMatch(/imageTag: an image tag/);
    expect(message).toMatch(/apiRulePriority: the two listener rules need different priorities/);
  });

  it('rejects a minimum of tasks above the maximum', () => {
    expect(() => buildApp({ context: { ...CONTEXT, workerMinTasks: 4, workerMaxTasks: 3 } })).toThrow(
      'worker: minimum tasks 4 exceed the maximum 3',
    );
  });

  it('rejects an unknown provider, an LLM without its model, openai-compatible without its base URL', () => {
    const providers = contextError({ ...CONTEXT, providers: 'github,gitlub' });
    expect(providers).toMatch(/providers.*a provider: one of github, gitlab, bitbucket, azure-devops/);
    expect(contextError({ ...CONTEXT, llmProvider: 'openai' })).toMatch(
      /llmModel: required when llmProvider is not none/,
    );
    expect(contextError({ ...CONTEXT, llmProvider: 'openai-compatible', llmModel: 'm' })).toMatch(
      /llmBaseUrl: required when llmProvider is openai-compatible/,
    );
    const both = contextError({ ...CONTEXT, llmProvider: 'gpt', gitlabUrl: 'ftp://x' });
    expect(both).toMatch(/llmProvider: an LLM provider: one of none, openai/);
    expect(both).toMatch(/gitlabUrl: an http\(s\) URL/);
  });
});

describe('templates the stack cannot build faithfully fail the synthesis', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kodus-infra-'));
    cpSync(join(ECS_DIR, 'task-definitions'), join(dir, 'task-definitions'), { recursive: true });
    cpSync(join(ECS_DIR, 'services'), join(dir, 'services'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function editWorker(edit: (container: Record<string, unknown>) => void): void {
    const path = join(dir, 'task-definitions', 'worker.json');
    const template = JSON.parse(readFileSync(path, 'utf8'));
    edit(template.containerDefinitions[0]);
    writeFileSync(path, JSON.stringify(template));
  }

  it('a container field the stack does not translate', () => {
    editWorker((container) => {
      container.ulimits = [{ name: 'nofile', softLimit: 1024, hardLimit: 1024 }];
    });
    expect(() => buildApp({ context: { ...CONTEXT }, ecsDir: dir })).toThrow(
      /worker\.json is not a template[\s\S]*ulimits/,
    );
  });

  it('a placeholder the stack has no value for', () => {
    editWorker((container) => {
      container.environment = [{ name: 'REGION', value: '{{SOME_REGION}}' }];
    });
    expect(() => buildApp({ context: { ...CONTEXT }, ecsDir: dir })).toThrow('no value for SOME_REGION');
  });

  it('a secret that is not an SSM parameter of the account', () => {
    editWorker((container) => {
      container.secrets = [
        { name: 'GITHUB_TOKEN', valueFrom: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' },
      ];
    });
    expect(() => buildApp({ context: { ...CONTEXT }, ecsDir: dir })).toThrow('is not an SSM parameter ARN');
  });
});

describe('optional context', () => {
  const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/0d3f6a55-3f0e-4b8e-9f2a-1c2d3e4f5a6b';

  it('the move from PM2 (ecs/README.md): the PM2 host in the target groups, scaling suspended; a secrets key', () => {
    const { json } = synthesize({
      pm2InstanceId: 'i-0123456789abcdef0',
      suspendScaling: 'true',
      secretsKmsKeyArn: keyArn,
    });
    const decrypt = resourcesOf(json, 'AWS::IAM::Policy')
      .flatMap(
        ([, policy]) =>
          (policy.Properties?.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
      )
      .filter((statement) => statement.Action === 'kms:Decrypt');
    expect(decrypt).toEqual([expect.objectContaining({ Resource: keyArn })]);
    for (const [app, port] of [
      ['webhook-handler', 3332],
      ['api-rest', 3331],
    ] as const) {
      const [, service] = findResource(json, 'AWS::ECS::Service', 'ServiceName', `kodus-${app}`);
      const [balancer] = service.Properties?.LoadBalancers as Array<{ TargetGroupArn: { Ref: string } }>;
      const group = json.Resources[balancer?.TargetGroupArn.Ref ?? ''];
      expect(group?.Properties?.Targets).toEqual([{ Id: 'i-0123456789abcdef0', Port: port }]);
      expect(
        resourcesOf(json, 'AWS::EC2::SecurityGroupIngress').map(([, rule]) => rule.Properties),
      ).toContainEqual(
        expect.objectContaining({
          SourceSecurityGroupId: CONTEXT.albSecurityGroupId,
          FromPort: port,
          ToPort: port,
        }),
      );
    }
    const states = resourcesOf(json, 'AWS::ApplicationAutoScaling::ScalableTarget').map(
      ([, target]) => target.Properties?.SuspendedState,
    );
    expect(states).toEqual(
      Array(3).fill({
        DynamicScalingInSuspended: true,
        DynamicScalingOutSuspended: true,
        ScheduledScalingSuspended: true,
      }),
    );
  });
});
