import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unflatten, xml } from './query-protocol';

/**
 * A local stand-in for the ECS (JSON 1.1) and ELBv2 (Query/XML) endpoints, for the real SDK clients to
 * talk to: it records each operation with the input as the SDK serialized it, and keeps a small model of
 * services, tasks and targets so the move's waits see state change the way AWS reports it.
 */
export interface RecordedCall {
  service: 'ecs' | 'elbv2';
  operation: string;
  input: Record<string, unknown>;
}

interface Target {
  Id: string;
  Port: number;
  state: string;
  service?: string;
}

interface Service {
  serviceName: string;
  cluster: string;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  targetGroupArn?: string;
}

const ECS_INSTANCE = 'i-0ec5000000000000e';
const ELB_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

export class AwsStandIn {
  readonly calls: RecordedCall[] = [];
  readonly services = new Map<string, Service>();
  readonly targets = new Map<string, Target[]>();
  /** What the tasks' container health checks report. */
  taskHealth: 'HEALTHY' | 'UNHEALTHY' = 'HEALTHY';
  /** What the load balancer's health checks find for the ECS tasks. */
  ecsTargetHealth: 'healthy' | 'unhealthy' = 'healthy';
  /** The exit code of the one-off migration task. */
  migrateExitCode = 0;
  /** Called with each recorded call, for one timeline across AWS, PM2 and the load balancer. */
  onCall: (call: RecordedCall) => void = () => undefined;
  private revisions = new Map<string, number>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void read(request).then((body) => {
        const answer =
          request.headers['x-amz-target'] !== undefined ? this.ecs(request, body) : this.elb(body);
        response.writeHead(answer.status, { 'content-type': answer.type });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Operation names in order, a run of identical polls counted once. */
  operations(): string[] {
    return collapse(this.calls.map((c) => `${c.service}:${c.operation}`));
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    this.onCall(call);
  }

  private ecs(request: IncomingMessage, body: string) {
    const operation = String(request.headers['x-amz-target']).split('.')[1] ?? '';
    const input = JSON.parse(body || '{}') as Record<string, unknown>;
    this.record({ service: 'ecs', operation, input });
    const json = (status: number, value: unknown) => ({
      status,
      type: 'application/x-amz-json-1.1',
      body: JSON.stringify(value),
    });
    const error = (type: string, message: string) => json(400, { __type: type, message });
    switch (operation) {
      case 'RegisterTaskDefinition': {
        const family = String(input.family);
        const revision = (this.revisions.get(family) ?? 0) + 1;
        this.revisions.set(family, revision);
        return json(200, {
          taskDefinition: {
            family,
            revision,
            status: 'ACTIVE',
            taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`,
          },
        });
      }
      case 'CreateService': {
        const name = String(input.serviceName);
        if (this.services.has(name))
          return error('InvalidParameterException', 'Creation of service was not idempotent.');
        const balancers = input.loadBalancers as Array<{ targetGroupArn: string }> | undefined;
        const service: Service = {
          serviceName: name,
          cluster: String(input.cluster),
          taskDefinition: String(input.taskDefinition),
          desiredCount: Number(input.desiredCount),
          runningCount: 0,
          ...(balancers?.[0] !== undefined ? { targetGroupArn: balancers[0].targetGroupArn } : {}),
        };
        this.services.set(name, service);
        this.scale(service, service.desiredCount);
        return json(200, { service: this.describe(service) });
      }
      case 'UpdateService': {
        const service = this.services.get(String(input.service));
        if (service === undefined) return error('ServiceNotFoundException', 'Service not found.');
        if (typeof input.taskDefinition === 'string') service.taskDefinition = input.taskDefinition;
        if (typeof input.desiredCount === 'number') {
          service.desiredCount = input.desiredCount;
          this.scale(service, input.desiredCount);
        }
        return json(200, { service: this.describe(service) });
      }
      case 'DescribeServices': {
        const names = input.services as string[];
        const found = names.map((n) => this.services.get(n)).filter((s) => s !== undefined);
        return json(200, {
          services: found.map((s) => this.describe(s)),
          failures: names.filter((n) => !this.services.has(n)).map((n) => ({ arn: n, reason: 'MISSING' })),
        });
      }
      case 'ListTasks': {
        const service = this.services.get(String(input.serviceName));
        const count = service?.runningCount ?? 0;
        return json(200, {
          taskArns: Array.from(
            { length: count },
            (_, i) => `arn:aws:ecs:us-east-1:123456789012:task/kodus/${service?.serviceName}-${i}`,
          ),
        });
      }
      case 'RunTask':
        return json(200, {
          tasks: [
            {
              taskArn: `arn:aws:ecs:us-east-1:123456789012:task/kodus/migrate-${this.calls.length}`,
              lastStatus: 'PROVISIONING',
            },
          ],
          failures: [],
        });
      case 'DescribeTasks':
        return json(200, {
          tasks: (input.tasks as string[]).map((taskArn) =>
            taskArn.includes('/migrate-')
              ? {
                  taskArn,
                  lastStatus: 'STOPPED',
                  stoppedReason: 'Essential container in task exited',
                  containers: [{ name: 'migrate', exitCode: this.migrateExitCode }],
                }
              : { taskArn, lastStatus: 'RUNNING', healthStatus: this.taskHealth },
          ),
          failures: [],
        });
      default:
        return error('UnsupportedOperation', `${operation} is not part of the stand-in`);
    }
  }

  private elb(body: string) {
    const params = new URLSearchParams(body);
    const operation = params.get('Action') ?? '';
    params.delete('Action');
    params.delete('Version');
    const input = unflatten(params);
    this.record({ service: 'elbv2', operation, input });
    const group = String(input.TargetGroupArn);
    const list = this.targets.get(group) ?? [];
    this.targets.set(group, list);
    const given = (input.Targets as Array<{ Id: string; Port: string }> | undefined) ?? [];
    const same = (t: Target, g: { Id: string; Port: string }) => t.Id === g.Id && t.Port === Number(g.Port);
    let result: Record<string, unknown> = {};
    if (operation === 'RegisterTargets') {
      for (const g of given) {
        const existing = list.find((t) => same(t, g));
        if (existing !== undefined) existing.state = 'healthy';
        else list.push({ Id: g.Id, Port: Number(g.Port), state: 'healthy' });
      }
    } else if (operation === 'DeregisterTargets') {
      for (const g of given) {
        const existing = list.find((t) => same(t, g));
        if (existing !== undefined) existing.state = 'draining';
      }
    } else if (operation === 'DescribeTargetHealth') {
      const shown =
        given.length > 0
          ? given.map(
              (g) => list.find((t) => same(t, g)) ?? { Id: g.Id, Port: Number(g.Port), state: 'unused' },
            )
          : list;
      result = {
        TargetHealthDescriptions: shown.map((t) => ({
          Target: { Id: t.Id, Port: t.Port },
          TargetHealth: { State: t.state },
        })),
      };
      // A draining target is gone by the next look (the deregistration delay, shortened).
      this.targets.set(
        group,
        list.filter((t) => t.state !== 'draining'),
      );
    } else {
      return {
        status: 400,
        type: 'text/xml',
        body: `<ErrorResponse xmlns="${ELB_NS}"><Error><Type>Sender</Type><Code>UnsupportedOperation</Code><Message>${operation}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
      };
    }
    return {
      status: 200,
      type: 'text/xml',
      body: `<${operation}Response xmlns="${ELB_NS}">${xml(`${operation}Result`, result)}<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></${operation}Response>`,
    };
  }

  /** ECS runs the tasks at once and registers them with the service's target group (dynamic ports). */
  private scale(service: Service, count: number): void {
    service.runningCount = count;
    if (service.targetGroupArn === undefined) return;
    const list = (this.targets.get(service.targetGroupArn) ?? []).filter(
      (t) => t.service !== service.serviceName,
    );
    for (let i = 0; i < count; i += 1) {
      list.push({
        Id: ECS_INSTANCE,
        Port: 32768 + i,
        state: this.ecsTargetHealth,
        service: service.serviceName,
      });
    }
    this.targets.set(service.targetGroupArn, list);
  }

  private describe(service: Service) {
    return {
      serviceName: service.serviceName,
      clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${service.cluster}`,
      status: 'ACTIVE',
      desiredCount: service.desiredCount,
      runningCount: service.runningCount,
      pendingCount: 0,
      taskDefinition: service.taskDefinition,
      loadBalancers: service.targetGroupArn !== undefined ? [{ targetGroupArn: service.targetGroupArn }] : [],
      deployments: [
        {
          status: 'PRIMARY',
          rolloutState: 'COMPLETED',
          desiredCount: service.desiredCount,
          runningCount: service.runningCount,
        },
      ],
    };
  }
}

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

/** Repeated polls counted once: a block of up to 3 items that repeats the block just before it is dropped. */
export function collapse(items: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length;) {
    const size = [1, 2, 3].find(
      (k) => out.length >= k && items.slice(i, i + k).join('\n') === out.slice(-k).join('\n'),
    );
    if (size !== undefined) i += size;
    else out.push(items[i++]!);
  }
  return out;
}
