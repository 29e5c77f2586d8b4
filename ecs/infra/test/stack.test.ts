import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { ecsAgentConfig } from '../src/capacity';
import { TARGET_HEALTH_PATH } from '../src/services';
import { ECS_DIR, taskDefinitionTemplate, type TaskDefinitionTemplate } from '../src/templates';
import { evaluate, referencedIds, type Environment } from './support/evaluate';
import { CONTEXT, findResource, resourcesOf, synthesize, type CfnTemplate } from './support/synth';

const ENV: Environment = { account: '111122223333', region: 'eu-west-1' };

const taskTemplates: TaskDefinitionTemplate[] = readdirSync(join(ECS_DIR, 'task-definitions'))
  .filter((file) => file.endsWith('.json'))
  .map((file) =>
    taskDefinitionTemplate.parse(JSON.parse(readFileSync(join(ECS_DIR, 'task-definitions', file), 'utf8'))),
  );
const containers = taskTemplates.flatMap((template) => template.containerDefinitions);

/** Parameter names the templates' secrets point at (valueFrom …:parameter{{SSM_PREFIX}}/NAME). */
const secretParameters = [
  ...new Set(
    containers.flatMap((c) =>
      c.secrets.map((s) => s.valueFrom.split(':parameter')[1]?.replace('{{SSM_PREFIX}}', '/kodus')),
    ),
  ),
].sort();

let template: Template;
let json: CfnTemplate;
let images: Template;
let imagesJson: CfnTemplate;
let messages: string[];

beforeAll(() => {
  ({ template, json, images, imagesJson, messages } = synthesize());
});

/** The statements of the policies attached to a role, evaluated. */
function statementsOf(
  roleId: string,
): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> {
  return resourcesOf(json, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties?.Roles).includes(`"${roleId}"`))
    .flatMap(
      ([, policy]) => (evaluate(policy.Properties?.PolicyDocument, json, ENV) as { Statement: [] }).Statement,
    );
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

describe('references', () => {
  it('the reference check finds a dangling one', () => {
    const dangling = {
      Resources: { A: { Type: 'AWS::SNS::Topic', DependsOn: 'C', Properties: { B: { Ref: 'Gone' } } } },
    };
    expect(referencedIds(dangling)).toEqual(['C', 'Gone']);
  });

  it('every Ref, Fn::GetAtt and DependsOn names a resource or parameter of its own template', () => {
    for (const stack of [json, imagesJson]) {
      const known = new Set([...Object.keys(stack.Resources), ...Object.keys(stack.Parameters ?? {})]);
      const dangling = referencedIds({ Resources: stack.Resources, Outputs: stack.Outputs }).filter(
        (id) => !known.has(id),
      );
      expect(dangling).toEqual([]);
    }
  });

  it('synthesizes without a warning or an error from CDK', () => {
    expect(messages).toEqual([]);
  });

  it('is environment-agnostic, and the stacks share no export: account and region resolve at deploy time', () => {
    const text = JSON.stringify(json.Resources);
    expect(text).not.toMatch(/111122223333|\{\{|Fn::ImportValue/);
    expect(text).toContain('"Ref":"AWS::AccountId"');
    expect(imagesJson.Outputs ?? {}).toEqual({});
  });
});

describe('cluster and hosts', () => {
  it('names the cluster from context and turns on Container Insights', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: 'kodus',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('writes the agent settings in the hosts user data, stop timeout = the longest in the templates', () => {
    const stopTimeout = Math.max(...containers.map((c) => c.stopTimeout));
    const lines = ecsAgentConfig('kodus', stopTimeout);
    expect(lines).toEqual(
      expect.arrayContaining([
        'ECS_CLUSTER=kodus',
        'ECS_ENABLE_CONTAINER_METADATA=true',
        `ECS_CONTAINER_STOP_TIMEOUT=${stopTimeout}s`,
        'ECS_IMAGE_CLEANUP_INTERVAL=30m',
        'ECS_IMAGE_MINIMUM_CLEANUP_AGE=1h',
        'ECS_NUM_IMAGES_DELETE_PER_CYCLE=5',
        'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=1h',
      ]),
    );
    const [, launchTemplate] = resourcesOf(json, 'AWS::EC2::LaunchTemplate')[0] ?? [];
    const data = launchTemplate?.Properties?.LaunchTemplateData as Record<string, { 'Fn::Base64': unknown }>;
    const userData = String(evaluate(data.UserData?.['Fn::Base64'], json, ENV));
    for (const line of lines) expect(userData).toContain(`\n${line}\n`);
    // The same lines for the existing host, as a stack output.
    expect(json.Outputs?.HostAgentConfig?.Value).toBe(lines.join('\n'));
    expect(Object.keys(json.Outputs ?? {}).sort()).toEqual([
      'HostAgentConfig',
      'HostInstanceProfile',
      'HostSecurityGroupId',
    ]);
    expect(data.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
  });

  it('has one named instance profile for the Auto Scaling group and the existing host', () => {
    const [profileId] = findResource(
      json,
      'AWS::IAM::InstanceProfile',
      'InstanceProfileName',
      'kodus-ecs-host',
    );
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        IamInstanceProfile: { Arn: { 'Fn::GetAtt': [profileId, 'Arn'] } },
      }),
    });
    template.resourceCountIs('AWS::IAM::InstanceProfile', 1);
  });

  it('scales hosts through a capacity provider with managed scaling, the cluster default', () => {
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '1',
      MaxSize: '4',
      NewInstancesProtectedFromScaleIn: true,
      VPCZoneIdentifier: CONTEXT.subnetIds.split(','),
    });
    const [providerId] = findResource(json, 'AWS::ECS::CapacityProvider', 'Name', 'kodus-hosts');
    template.hasResourceProperties('AWS::ECS::CapacityProvider', {
      AutoScalingGroupProvider: Match.objectLike({
        ManagedScaling: { Status: 'ENABLED', TargetCapacity: 100 },
        ManagedTerminationProtection: 'ENABLED',
      }),
    });
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: [{ Ref: providerId }],
      DefaultCapacityProviderStrategy: [{ CapacityProvider: { Ref: providerId }, Weight: 1 }],
    });
  });

  it('lets only the ALB reach the hosts dynamic ports', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourceSecurityGroupId: CONTEXT.albSecurityGroupId,
      IpProtocol: 'tcp',
      FromPort: 32768,
      ToPort: 65535,
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
  });
});

describe('images and logs', () => {
  const apps = ['webhook-handler', 'api-rest', 'worker'];

  it('has one ECR repository per image, scanned on push, immutable tags, with a lifecycle policy', () => {
    images.resourceCountIs('AWS::ECR::Repository', 3);
    template.resourceCountIs('AWS::ECR::Repository', 0);
    for (const app of apps) {
      const [, repository] = findResource(
        imagesJson,
        'AWS::ECR::Repository',
        'RepositoryName',
        `kodus/${app}`,
      );
      expect(repository.Properties).toMatchObject({
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
      });
      const policy = JSON.parse(
        String((repository.Properties?.LifecyclePolicy as Record<string, unknown>).LifecyclePolicyText),
      );
      expect(policy.rules).toEqual([
        expect.objectContaining({
          selection: expect.objectContaining({ tagStatus: 'untagged', countType: 'sinceImagePushed' }),
        }),
        expect.objectContaining({
          selection: expect.objectContaining({ tagStatus: 'any', countNumber: 30 }),
        }),
      ]);
    }
  });

  it('creates the log group each task definition writes to, with retention', () => {
    const groups = [...new Set(containers.map((c) => c.logConfiguration.options['awslogs-group']))].sort();
    const created = resourcesOf(json, 'AWS::Logs::LogGroup').map(([, g]) => g.Properties?.LogGroupName);
    expect(created.sort()).toEqual(groups);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    for (const [, definition] of resourcesOf(json, 'AWS::ECS::TaskDefinition')) {
      const [container] = definition.Properties?.ContainerDefinitions as Array<{
        LogConfiguration: { Options: Record<string, unknown> };
      }>;
      const group = container?.LogConfiguration.Options['awslogs-group'] as { Ref: string };
      expect(json.Resources[group.Ref]?.Type).toBe('AWS::Logs::LogGroup');
    }
  });
});

describe('secrets', () => {
  it('the README creates every parameter the task definitions read', () => {
    const readme = readFileSync(join(ECS_DIR, 'infra', 'README.md'), 'utf8');
    const loop = /for name in ([A-Z_ ]+); do/.exec(readme)?.[1]?.split(' ') ?? [];
    expect(loop.map((name) => `/kodus/${name}`).sort()).toEqual(secretParameters);
  });
});

describe('roles: least privilege', () => {
  it('the execution role reads exactly the secrets parameters, pulls exactly the three repositories, writes its log groups', () => {
    const [roleId] = findResource(json, 'AWS::IAM::Role', 'RoleName', 'kodus-ecs-task-execution');
    const statements = statementsOf(roleId);
    const resourcesFor = (action: string) =>
      statements
        .filter((s) => asList(s.Action).includes(action))
        .flatMap((s) => asList(s.Resource))
        .map(String)
        .sort();

    const ssmArn = (name: string) => `arn:aws:ssm:${ENV.region}:${ENV.account}:parameter${name}`;
    expect(secretParameters.length).toBeGreaterThan(0);
    expect(resourcesFor('ssm:GetParameters')).toEqual(
      secretParameters.map((name) => ssmArn(String(name))).sort(),
    );
    expect(resourcesFor('ecr:BatchGetImage')).toEqual(
      ['api-rest', 'webhook-handler', 'worker'].map(
        (app) => `arn:aws:ecr:${ENV.region}:${ENV.account}:repository/kodus/${app}`,
      ),
    );
    expect(resourcesFor('logs:PutLogEvents')).toEqual(
      ['api-rest', 'migrate', 'webhook-handler', 'worker'].map(
        (app) => `arn:aws:logs:${ENV.region}:${ENV.account}:log-group:/kodus/${app}:*`,
      ),
    );
    // Nothing else on "*" but the ECR token, which cannot be scoped to a repository.
    const wildcard = statements
      .filter((s) => asList(s.Resource).includes('*'))
      .flatMap((s) => asList(s.Action));
    expect(wildcard).toEqual(['ecr:GetAuthorizationToken']);
  });

  it('task roles exist under the templates names and carry no permission', () => {
    for (const template of taskTemplates) {
      const name = template.taskRoleArn.split(':role/')[1];
      const [roleId, role] = findResource(json, 'AWS::IAM::Role', 'RoleName', name);
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties?.Policies).toBeUndefined();
      expect(statementsOf(roleId)).toEqual([]);
    }
  });

  it('only ECS tasks of this account assume the task roles', () => {
    for (const [, role] of resourcesOf(json, 'AWS::IAM::Role')) {
      const document = role.Properties?.AssumeRolePolicyDocument as {
        Statement: Array<Record<string, unknown>>;
      };
      const [statement] = document.Statement;
      if ((statement?.Principal as { Service?: string }).Service !== 'ecs-tasks.amazonaws.com') continue;
      expect(evaluate(statement?.Condition, json, ENV)).toEqual({
        StringEquals: { 'aws:SourceAccount': ENV.account },
        ArnLike: { 'aws:SourceArn': `arn:aws:ecs:${ENV.region}:${ENV.account}:*` },
      });
    }
  });
});

describe('load balancing', () => {
  it.each([
    ['webhook-handler', CONTEXT.webhookHost, 100],
    ['api-rest', CONTEXT.apiHost, 110],
  ])(
    '%s: target group on %s checked at the readiness path, rule on the imported listener',
    (app, host, priority) => {
      const [, service] = findResource(json, 'AWS::ECS::Service', 'ServiceName', `kodus-${app}`);
      const [balancer] = service.Properties?.LoadBalancers as Array<{ TargetGroupArn: { Ref: string } }>;
      const groupId = balancer?.TargetGroupArn.Ref ?? '';
      expect(json.Resources[groupId]?.Properties).toMatchObject({
        TargetType: 'instance',
        Protocol: 'HTTP',
        HealthCheckPath: TARGET_HEALTH_PATH,
        Matcher: { HttpCode: '200' },
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        ListenerArn: CONTEXT.albListenerArn,
        Priority: priority,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [host] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: { Ref: groupId } }],
      });
    },
  );

  it('checks readiness, as ecs/README.md tells the target groups to', () => {
    const readme = readFileSync(join(ECS_DIR, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toMatch(new RegExp(`target group's health check at \`${TARGET_HEALTH_PATH}\``));
  });
});
