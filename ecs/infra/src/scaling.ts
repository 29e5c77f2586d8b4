import { Aws, Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The queue depth the worker prints as an Embedded Metric Format line (awslogs-format json/emf). */
export const BACKLOG_METRIC = {
  namespace: 'Kodus',
  metricName: 'ReviewQueueBacklog',
  unit: 'Count',
  dimensions: [{ name: 'Queue', value: 'reviews' }],
} as const;

export interface TaskBounds {
  min: number;
  max: number;
  /** No scaling activity at all: desired counts stay where they are set. */
  suspended: boolean;
}

export interface HttpScalingProps extends TaskBounds {
  service: ecs.BaseService;
  targetGroup: elbv2.ApplicationTargetGroup;
  /** `app/<name>/<id>` of the load balancer (from the listener ARN: the group is not attached in code). */
  loadBalancerFullName: string;
  cpuTargetPercent: number;
  requestsPerTargetPerMinute: number;
}

export interface BacklogScalingProps extends TaskBounds {
  service: ecs.BaseService;
  clusterName: string;
  backlogPerTask: number;
}

function scalableTarget(scope: Construct, service: ecs.BaseService, bounds: TaskBounds) {
  // Application Auto Scaling's service-linked role for ECS, as ECS's own autoScaleTaskCount uses.
  const role = iam.Role.fromRoleArn(
    scope,
    'ScalingRole',
    `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
  );
  const target = new appscaling.ScalableTarget(scope, 'TaskCount', {
    role,
    serviceNamespace: appscaling.ServiceNamespace.ECS,
    resourceId: `service/${service.cluster.clusterName}/${service.serviceName}`,
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: bounds.min,
    maxCapacity: bounds.max,
  });
  if (bounds.suspended) {
    // The L2 target has no suspended state: set it on CloudFormation's resource.
    (target.node.defaultChild as appscaling.CfnScalableTarget).suspendedState = {
      dynamicScalingInSuspended: true,
      dynamicScalingOutSuspended: true,
      scheduledScalingSuspended: true,
    };
  }
  return target;
}

/** An HTTP service follows whichever is higher: CPU, or ALB requests per target. */
export class HttpServiceScaling extends Construct {
  readonly target: appscaling.ScalableTarget;

  constructor(scope: Construct, id: string, props: HttpScalingProps) {
    super(scope, id);
    this.target = scalableTarget(this, props.service, props);
    this.target.scaleToTrackMetric('Cpu', {
      predefinedMetric: appscaling.PredefinedMetric.ECS_SERVICE_AVERAGE_CPU_UTILIZATION,
      targetValue: props.cpuTargetPercent,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
    this.target.scaleToTrackMetric('Requests', {
      predefinedMetric: appscaling.PredefinedMetric.ALB_REQUEST_COUNT_PER_TARGET,
      resourceLabel: `${props.loadBalancerFullName}/${props.targetGroup.targetGroupFullName}`,
      targetValue: props.requestsPerTargetPerMinute,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
  }
}

/**
 * The worker follows the review backlog per running task: target tracking on metric math
 * (ReviewQueueBacklog ÷ RunningTaskCount). Every worker task prints the same queue-wide depth, so the
 * backlog is the Average of their data points. CDK's L2 policy takes no metric math: the L1 does.
 */
export class BacklogScaling extends Construct {
  readonly target: appscaling.ScalableTarget;
  readonly policy: appscaling.CfnScalingPolicy;

  constructor(scope: Construct, id: string, props: BacklogScalingProps) {
    super(scope, id);
    this.target = scalableTarget(this, props.service, props);
    this.policy = new appscaling.CfnScalingPolicy(this, 'BacklogPerTask', {
      policyName: `${props.service.serviceName}-backlog-per-task`,
      policyType: 'TargetTrackingScaling',
      scalingTargetId: this.target.scalableTargetId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.backlogPerTask,
        scaleOutCooldown: 60,
        // A worker stopped mid-review hands its job back (BullMQ stalled recovery): scale in slowly.
        scaleInCooldown: 300,
        customizedMetricSpecification: {
          metrics: [
            {
              id: 'backlog',
              label: 'Review jobs waiting',
              returnData: false,
              metricStat: {
                metric: {
                  namespace: BACKLOG_METRIC.namespace,
                  metricName: BACKLOG_METRIC.metricName,
                  dimensions: BACKLOG_METRIC.dimensions.map((dimension) => ({ ...dimension })),
                },
                stat: 'Average',
                unit: BACKLOG_METRIC.unit,
              },
            },
            {
              id: 'tasks',
              label: 'Running worker tasks',
              returnData: false,
              metricStat: {
                metric: {
                  namespace: 'ECS/ContainerInsights',
                  metricName: 'RunningTaskCount',
                  dimensions: [
                    { name: 'ClusterName', value: props.clusterName },
                    { name: 'ServiceName', value: props.service.serviceName },
                  ],
                },
                stat: 'Average',
              },
            },
            {
              id: 'backlogPerTask',
              label: 'Review jobs waiting per worker task',
              expression: 'backlog / tasks',
              returnData: true,
            },
          ],
        },
      },
    });
  }
}
