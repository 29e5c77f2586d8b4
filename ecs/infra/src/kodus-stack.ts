import { Annotations, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import { ClusterCapacity } from './capacity';
import { settingValues, taskBounds, type InfraContext } from './context';
import { BacklogScaling, HttpServiceScaling } from './scaling';
import { Services, type ListenerRoute } from './services';
import { TaskDefinitions } from './task-definitions';
import { repositoryName } from './images-stack';
import { imageApp, type EcsTemplates } from './templates';

export interface KodusStackProps extends StackProps {
  context: InfraContext;
  templates: EcsTemplates;
}

/** The apps whose images the task definitions run. */
export function imageApps(templates: EcsTemplates): string[] {
  const containers = templates.taskDefinitions.flatMap(({ template }) => template.containerDefinitions);
  return [...new Set(containers.map((container) => imageApp(container.image)))].sort();
}

/** The service whose scaling follows the review queue rather than HTTP traffic. */
export const QUEUE_CONSUMER = 'worker';

/**
 * Kodus on ECS (EC2), environment-agnostic: account and region resolve at deploy time, everything that
 * differs per account comes from context, and nothing is looked up, so it synthesizes offline.
 */
export class KodusStack extends Stack {
  readonly capacity: ClusterCapacity;
  readonly repositories = new Map<string, ecr.IRepository>();
  readonly taskDefinitions: TaskDefinitions;
  readonly services: Services;

  constructor(scope: Construct, id: string, props: KodusStackProps) {
    super(scope, id, props);
    const { context, templates } = props;
    Tags.of(this).add('app', 'kodus');

    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: context.vpcId,
      availabilityZones: context.availabilityZones,
      privateSubnetIds: context.subnetIds,
    });
    // Nothing here routes: the subnets' route tables are not needed.
    Annotations.of(vpc).acknowledgeWarning('@aws-cdk/aws-ec2:noSubnetRouteTableId', 'no route table is used');
    const albSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(
      this,
      'AlbSecurityGroup',
      context.albSecurityGroupId,
      {
        mutable: false,
      },
    );
    const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(this, 'Listener', {
      listenerArn: context.albListenerArn,
      securityGroup: albSecurityGroup,
    });

    const containers = templates.taskDefinitions.flatMap(({ template }) => template.containerDefinitions);
    this.capacity = new ClusterCapacity(this, 'Capacity', {
      clusterName: context.clusterName,
      vpc,
      subnets: vpc.privateSubnets,
      albSecurityGroup,
      instanceType: context.instanceType,
      hostsMin: context.hostsMin,
      hostsMax: context.hostsMax,
      stopTimeoutSeconds: Math.max(...containers.map((container) => container.stopTimeout)),
    });

    // By name, not by reference: the images stack deploys (and images are pushed) first, and no
    // CloudFormation export ties the two stacks together.
    for (const app of imageApps(templates)) {
      this.repositories.set(
        app,
        ecr.Repository.fromRepositoryName(this, `Repository-${app}`, repositoryName(app)),
      );
    }

    this.taskDefinitions = new TaskDefinitions(this, 'TaskDefinitions', {
      templates: templates.taskDefinitions,
      repositories: this.repositories,
      imageTag: context.imageTag,
      ssmPrefix: context.ssmPrefix,
      settings: settingValues(context),
      logRetention: context.logRetentionDays,
      secretsKmsKeyArn: context.secretsKmsKeyArn,
    });

    const routes = new Map<string, ListenerRoute>([
      ['webhook-handler', { hostHeader: context.webhookHost, priority: context.webhookRulePriority }],
      ['api-rest', { hostHeader: context.apiHost, priority: context.apiRulePriority }],
    ]);
    this.services = new Services(this, 'Services', {
      templates: templates.services,
      taskDefinitions: this.taskDefinitions.byFamily,
      cluster: this.capacity.cluster,
      capacityProvider: this.capacity.capacityProvider,
      vpc,
      listener,
      routes,
      pm2InstanceId: context.pm2InstanceId,
    });
    if (context.pm2InstanceId) {
      for (const { template } of this.services.services) {
        for (const { containerPort } of template.loadBalancers ?? []) {
          this.capacity.hostSecurityGroup.addIngressRule(
            albSecurityGroup,
            ec2.Port.tcp(containerPort),
            `ALB to the PM2 app on ${containerPort}`,
          );
        }
      }
    }

    // arn:…:listener/app/<name>/<id>/<listener-id> → app/<name>/<id>
    const loadBalancerFullName = context.albListenerArn
      .split(':listener/')[1]
      ?.split('/')
      .slice(0, 3)
      .join('/');
    if (!loadBalancerFullName) throw new Error('albListenerArn names no load balancer');
    for (const { app, template, service, targetGroup } of this.services.services) {
      const bounds = taskBounds(context, app, template.desiredCount);
      if (targetGroup) {
        new HttpServiceScaling(this, `Scaling-${app}`, {
          ...bounds,
          service,
          targetGroup,
          loadBalancerFullName,
          cpuTargetPercent: context.cpuTargetPercent,
          requestsPerTargetPerMinute: context.requestsPerTargetPerMinute,
          suspended: context.suspendScaling,
        });
      } else if (app === QUEUE_CONSUMER) {
        new BacklogScaling(this, `Scaling-${app}`, {
          ...bounds,
          service,
          clusterName: context.clusterName,
          backlogPerTask: context.workerBacklogPerTask,
          suspended: context.suspendScaling,
        });
      } else {
        throw new Error(`service ${app} has neither a load balancer nor a queue to scale on`);
      }
    }
  }
}
