import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { type MoveContext } from '../../src';
import { AwsStandIn, collapse } from './aws-stand-in';
import { BalancerStandIn } from './balancer-stand-in';
import { Pm2StandIn } from './pm2-stand-in';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const PM2_INSTANCE = 'i-0123456789abcdef0';
export const WEBHOOK_SECRET = 'move-test-webhook-secret';
/** What the deployed webhook-handler holds, per provider (GitHub's is WEBHOOK_SECRET). */
export const WEBHOOK_SECRETS = {
  github: WEBHOOK_SECRET,
  gitlab: 'move-test-gitlab-token',
  bitbucket: 'move-test-bitbucket-secret',
  azureDevops: { user: 'kodus-hooks', password: 'move-test-azure-password' },
};
export const API_TOKEN = 'move-test-admin-token-0123456789abcdef';

/** Placeholder values for `node ecs/render.mjs`, as an operator exports them. */
export const RENDER_ENV = {
  AWS_ACCOUNT_ID: '123456789012',
  AWS_REGION: 'us-east-1',
  ECS_CLUSTER: 'kodus',
  IMAGE_TAG: '0123abc',
  TARGET_GROUP_WEBHOOK_HANDLER:
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kodus-webhook/0123456789abcdef',
  TARGET_GROUP_API_REST:
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kodus-api/0123456789abcdef',
  FARGATE_SUBNETS: 'subnet-0123456789abcdef0,subnet-0123456789abcdef1',
  FARGATE_SECURITY_GROUPS: 'sg-0123456789abcdef0',
  TARGET_GROUP_WEBHOOK_HANDLER_FARGATE:
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kodus-webhook-ip/0123456789abcdef',
  TARGET_GROUP_API_REST_FARGATE:
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/kodus-api-ip/0123456789abcdef',
};

/** Renders the definitions with the project's own render step into a temporary folder. */
export function renderDefinitions(launchType: 'ec2' | 'fargate'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `kodus-move-${launchType}-`));
  const result = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'ecs', 'render.mjs'), '--launch-type', launchType, '--out', dir],
    {
      env: { PATH: process.env.PATH ?? '', ...RENDER_ENV },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`render failed: ${result.stderr}`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real SDK clients pointed at the stand-in, PM2 and the load balancer stand-ins, one shared timeline. */
export async function standIns(pm2Apps: Record<string, string[]>) {
  const aws = await new AwsStandIn().start();
  const balancer = await new BalancerStandIn(WEBHOOK_SECRETS, API_TOKEN).start();
  const pm2 = new Pm2StandIn(new Map(Object.entries(pm2Apps)));
  const timeline: string[] = [];
  aws.onCall = (call) => timeline.push(`${call.service}:${call.operation}`);
  pm2.onCall = (line) => timeline.push(line);
  balancer.onRequest = (line) => timeline.push(`alb:${line}`);
  const output: string[] = [];
  const sdk = {
    endpoint: aws.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'stand-in-secret' },
    maxAttempts: 1,
  };
  const context: MoveContext = {
    ecs: new ECSClient(sdk),
    elb: new ElasticLoadBalancingV2Client(sdk),
    pm2,
    print: (line) => output.push(line),
    wait: { intervalMs: 1, timeoutMs: 5 },
    sleep: () => Promise.resolve(),
  };
  return {
    aws,
    balancer,
    pm2,
    context,
    output,
    /** The timeline since the last call, a run of identical polls counted once. */
    take(): string[] {
      return collapse(timeline.splice(0));
    },
    async close() {
      context.ecs.destroy();
      context.elb.destroy();
      await Promise.all([aws.stop(), balancer.stop()]);
    },
  };
}
