import { BACKLOG_METRIC } from '../src/scaling';
import { findResource, resourcesOf, synthesize, type CfnResource, type CfnTemplate } from './support/synth';

let json: CfnTemplate;

beforeAll(() => {
  ({ json } = synthesize());
});

/** The scalable target of a service and its policies. */
function scalingOf(template: CfnTemplate, serviceName: string) {
  const [serviceId] = findResource(template, 'AWS::ECS::Service', 'ServiceName', serviceName);
  const targets = resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalableTarget').filter(([, target]) =>
    JSON.stringify(target.Properties?.ResourceId).includes(`"${serviceId}"`),
  );
  expect(targets).toHaveLength(1);
  const [targetId, target] = targets[0] as [string, CfnResource];
  const policies = resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalingPolicy')
    .filter(([, policy]) => (policy.Properties?.ScalingTargetId as { Ref: string }).Ref === targetId)
    .map(
      ([, policy]) => policy.Properties?.TargetTrackingScalingPolicyConfiguration as Record<string, unknown>,
    );
  return { serviceId, target: target.Properties ?? {}, policies };
}

describe('HTTP services scale on CPU and on requests per target', () => {
  it.each([
    ['kodus-webhook-handler', 2, 6],
    ['kodus-api-rest', 2, 4],
  ])('%s: %i to %i tasks', (serviceName, min, max) => {
    const { serviceId, target, policies } = scalingOf(json, serviceName);
    expect(target).toMatchObject({
      MinCapacity: min,
      MaxCapacity: max,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    const [balancer] = json.Resources[serviceId]?.Properties?.LoadBalancers as Array<{
      TargetGroupArn: { Ref: string };
    }>;
    expect(policies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          TargetValue: 60,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        }),
        expect.objectContaining({
          TargetValue: 600,
          PredefinedMetricSpecification: {
            PredefinedMetricType: 'ALBRequestCountPerTarget',
            // app/<lb>/<id> from the listener ARN, then the service's own target group.
            ResourceLabel: {
              'Fn::Join': [
                '',
                [
                  'app/kodus-alb/50dc6c495c0c9188/',
                  { 'Fn::GetAtt': [balancer?.TargetGroupArn.Ref, 'TargetGroupFullName'] },
                ],
              ],
            },
          },
        }),
      ]),
    );
    expect(policies).toHaveLength(2);
  });
});

describe('the worker scales on the review backlog per running task', () => {
  it('target-tracks ReviewQueueBacklog ÷ RunningTaskCount at the backlog per task from context', () => {
    const { serviceId, target, policies } = scalingOf(json, 'kodus-worker');
    expect(target).toMatchObject({ MinCapacity: 1, MaxCapacity: 10 });
    expect(policies).toHaveLength(1);
    const [policy] = policies;
    expect(policy?.TargetValue).toBe(10);
    const metrics = (policy?.CustomizedMetricSpecification as { Metrics: Array<Record<string, unknown>> })
      .Metrics;
    const byId = Object.fromEntries(metrics.map((metric) => [metric.Id, metric]));
    expect(byId.backlog).toMatchObject({
      ReturnData: false,
      MetricStat: {
        Metric: {
          Namespace: 'Kodus',
          MetricName: 'ReviewQueueBacklog',
          Dimensions: [{ Name: 'Queue', Value: 'reviews' }],
        },
        Stat: 'Average',
        Unit: 'Count',
      },
    });
    expect(byId.tasks).toMatchObject({
      ReturnData: false,
      MetricStat: {
        Metric: {
          Namespace: 'ECS/ContainerInsights',
          MetricName: 'RunningTaskCount',
          Dimensions: [
            { Name: 'ClusterName', Value: 'kodus' },
            { Name: 'ServiceName', Value: { 'Fn::GetAtt': [serviceId, 'Name'] } },
          ],
        },
      },
    });
    expect(byId.backlogPerTask).toMatchObject({ Expression: 'backlog / tasks', ReturnData: true });
    // RunningTaskCount exists only with Container Insights on.
    expect(resourcesOf(json, 'AWS::ECS::Cluster')[0]?.[1].Properties?.ClusterSettings).toEqual([
      { Name: 'containerInsights', Value: 'enabled' },
    ]);
  });

  it('reads the metric the worker prints: its logs go through awslogs with the EMF format', () => {
    const [, definition] = findResource(json, 'AWS::ECS::TaskDefinition', 'Family', 'kodus-worker');
    const [container] = definition.Properties?.ContainerDefinitions as Array<{
      LogConfiguration: { Options: Record<string, unknown> };
    }>;
    expect(container?.LogConfiguration.Options['awslogs-format']).toBe('json/emf');
    expect(BACKLOG_METRIC).toEqual({
      namespace: 'Kodus',
      metricName: 'ReviewQueueBacklog',
      unit: 'Count',
      dimensions: [{ name: 'Queue', value: 'reviews' }],
    });
  });

  it('takes the target and the bounds from context', () => {
    const tuned = synthesize({
      workerBacklogPerTask: '25',
      workerMinTasks: '2',
      workerMaxTasks: 5,
      cpuTargetPercent: 70,
    }).json;
    const worker = scalingOf(tuned, 'kodus-worker');
    expect(worker.target).toMatchObject({ MinCapacity: 2, MaxCapacity: 5 });
    expect(worker.policies[0]?.TargetValue).toBe(25);
    const api = scalingOf(tuned, 'kodus-api-rest');
    expect(api.policies.map((policy) => policy.TargetValue)).toContain(70);
  });
});
