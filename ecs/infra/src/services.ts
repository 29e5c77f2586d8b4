import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { Construct } from 'constructs';
import type { Named, ServiceTemplate } from './templates';

/** Where an HTTP service takes traffic on the shared listener. */
export interface ListenerRoute {
  hostHeader: string;
  priority: number;
}

export interface ServicesProps {
  templates: Named<ServiceTemplate>[];
  taskDefinitions: ReadonlyMap<string, ecs.Ec2TaskDefinition>;
  cluster: ecs.ICluster;
  capacityProvider: ecs.AsgCapacityProvider;
  vpc: ec2.IVpc;
  listener: elbv2.IApplicationListener;
  routes: ReadonlyMap<string, ListenerRoute>;
  /** The PM2 host, serving each HTTP app on the app's own port (the container port) during the move. */
  pm2InstanceId?: string | undefined;
}

export interface KodusService {
  app: string;
  template: ServiceTemplate;
  service: ecs.Ec2Service;
  targetGroup?: elbv2.ApplicationTargetGroup;
}

/**
 * The liveness path: ECS replaces a task whose target fails its check, so readiness (503 while Redis or
 * PostgreSQL is down) would replace every HTTP task in a loop during an outage (ecs/README.md "Health").
 */
export const TARGET_HEALTH_PATH = '/health/live';

/**
 * One ECS service per ecs/services template (name, deployment bounds, circuit breaker with rollback,
 * placement, managed tags, grace period, load balancer container and port), placed through the capacity
 * provider instead of the EC2 launch type so that the hosts scale with the tasks. An HTTP service gets a
 * target group checked on /health/live and a host-header rule on the existing listener.
 */
export class Services extends Construct {
  readonly services: KodusService[] = [];

  constructor(scope: Construct, id: string, props: ServicesProps) {
    super(scope, id);
    for (const { app, template } of props.templates) {
      const taskDefinition = props.taskDefinitions.get(template.taskDefinition);
      if (!taskDefinition) throw new Error(`service ${app}: no task definition ${template.taskDefinition}`);
      const deployment = template.deploymentConfiguration;
      const service = new ecs.Ec2Service(this, app, {
        serviceName: template.serviceName,
        cluster: props.cluster,
        taskDefinition,
        capacityProviderStrategies: [
          { capacityProvider: props.capacityProvider.capacityProviderName, weight: 1 },
        ],
        circuitBreaker: { enable: true, rollback: deployment.deploymentCircuitBreaker.rollback },
        maxHealthyPercent: deployment.maximumPercent,
        minHealthyPercent: deployment.minimumHealthyPercent,
        placementStrategies: template.placementStrategy.map(({ field }) =>
          ecs.PlacementStrategy.spreadAcross(field),
        ),
        enableECSManagedTags: template.enableECSManagedTags,
        propagateTags: template.propagateTags as ecs.PropagatedTagSource,
        ...(template.healthCheckGracePeriodSeconds === undefined
          ? {}
          : { healthCheckGracePeriod: Duration.seconds(template.healthCheckGracePeriodSeconds) }),
      });
      // The cluster's capacity provider association must exist before a service names the provider.
      service.node.addDependency(props.cluster);
      const entry: KodusService = { app, template, service };
      const [balancer] = template.loadBalancers ?? [];
      if (balancer) {
        const route = props.routes.get(app);
        if (!route) throw new Error(`service ${app} takes traffic but has no listener route`);
        entry.targetGroup = this.targetGroup(app, props, route, service, balancer);
      }
      this.services.push(entry);
    }
  }

  private targetGroup(
    app: string,
    props: ServicesProps,
    route: ListenerRoute,
    service: ecs.Ec2Service,
    balancer: { containerName: string; containerPort: number },
  ): elbv2.ApplicationTargetGroup {
    const targetGroup = new elbv2.ApplicationTargetGroup(this, `${app}-targets`, {
      vpc: props.vpc,
      // Bridge mode with host port 0: ECS registers instance:ephemeral-port targets.
      targetType: elbv2.TargetType.INSTANCE,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: balancer.containerPort,
      // Webhook deliveries and API calls are short: a task leaves the group well within its drain budget.
      deregistrationDelay: Duration.seconds(15),
      healthCheck: {
        path: TARGET_HEALTH_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      targets: [
        service.loadBalancerTarget({
          containerName: balancer.containerName,
          containerPort: balancer.containerPort,
        }),
      ],
    });
    if (props.pm2InstanceId) {
      targetGroup.addTarget(new targets.InstanceIdTarget(props.pm2InstanceId, balancer.containerPort));
    }
    new elbv2.ApplicationListenerRule(this, `${app}-rule`, {
      listener: props.listener,
      priority: route.priority,
      conditions: [elbv2.ListenerCondition.hostHeaders([route.hostHeader])],
      action: elbv2.ListenerAction.forward([targetGroup]),
    });
    return targetGroup;
  }
}
