import { App } from 'aws-cdk-lib';
import { ContextError, CONTEXT_KEYS, parseContext, type InfraContext } from './context';
import { ImagesStack } from './images-stack';
import { imageApps, KodusStack } from './kodus-stack';
import { withLlm, withProviders } from './providers';
import { readTemplates, ECS_DIR, type EcsTemplates } from './templates';

/**
 * Feature flags of the aws-cdk-lib version in use, set here rather than in cdk.json so that the tests
 * (which synthesize in-process, without the CLI) build exactly what `cdk synth` builds.
 */
export const FEATURE_FLAGS: Readonly<Record<string, boolean>> = {
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/aws-ecs:arnFormatIncludesClusterName': true,
  '@aws-cdk/aws-ecs:removeDefaultDeploymentAlarm': true,
  '@aws-cdk/aws-ecs:disableExplicitDeploymentControllerForCircuitBreaker': true,
  '@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions': true,
  '@aws-cdk/aws-ec2:launchTemplateDefaultUserData': true,
  '@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig': true,
  '@aws-cdk/core:validateSnapshotRemovalPolicy': true,
  // CloudFormation's own schema checks (run at synthesis, offline) fail the synthesis, not just warn.
  '@aws-cdk/core:validateAgainstDefaultRules': true,
  '@aws-cdk/aws-ecs:removeEmptyLoadBalancers': true,
  '@aws-cdk/aws-ec2:restrictDefaultSecurityGroup': true,
};

export interface BuildOptions {
  /** Context values that the CLI (`-c`, cdk.json) would pass; they win over the feature flags. */
  context?: Record<string, unknown>;
  ecsDir?: string;
  outdir?: string;
}

/** The app: `KodusImages` (the ECR repositories) and `Kodus` (everything that runs). */
export function buildApp(options: BuildOptions = {}): { app: App; images: ImagesStack; stack: KodusStack } {
  const app = new App({
    context: { ...FEATURE_FLAGS },
    ...(options.context ? { postCliContext: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const context = parseContext((key) => app.node.tryGetContext(key), CONTEXT_KEYS);
  const templates = chosen(readTemplates(options.ecsDir ?? ECS_DIR), context);
  const images = new ImagesStack(app, 'KodusImages', {
    apps: imageApps(templates),
    imagesToKeep: context.imagesToKeep,
    description: 'Kodus images: one ECR repository per app',
  });
  const stack = new KodusStack(app, 'Kodus', {
    context,
    templates,
    description:
      'Kodus on ECS (EC2): cluster, hosts, logs, roles, task definitions, services and their scaling',
  });
  return { app, images, stack };
}

/** The templates for the providers and LLM the context chooses (as render.mjs --providers --llm). */
function chosen(templates: EcsTemplates, context: InfraContext): EcsTemplates {
  const llm = {
    provider: context.llmProvider,
    baseUrl: context.llmBaseUrl,
    budget: context.llmMonthlyBudgetUsd === undefined ? undefined : String(context.llmMonthlyBudgetUsd),
    withApiKey: context.llmWithApiKey,
  };
  return {
    ...templates,
    taskDefinitions: templates.taskDefinitions.map(({ app, template }) => ({
      app,
      template: withLlm(withProviders(template, app, context.providers), app, llm),
    })),
  };
}

if (require.main === module) {
  try {
    // Under the CLI, CDK_OUTDIR says where; run directly (`npm run synth`), it writes ./cdk.out.
    const { app } = buildApp(process.env.CDK_OUTDIR ? {} : { outdir: 'cdk.out' });
    app.synth();
  } catch (error) {
    if (!(error instanceof ContextError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 78;
  }
}
