import { ArnFormat, Aws, Duration, Stack, Tags } from 'aws-cdk-lib';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  fill,
  imageApp,
  parameterName,
  roleName,
  type ContainerTemplate,
  type Named,
  type TaskDefinitionTemplate,
} from './templates';

export interface TaskDefinitionsProps {
  templates: Named<TaskDefinitionTemplate>[];
  /** ECR repository per app name (the {{IMAGE_<APP>}} placeholders). */
  repositories: ReadonlyMap<string, ecr.IRepository>;
  imageTag: string;
  ssmPrefix: string;
  /** Values of the {{SETTING}} placeholders the chosen providers and LLM add (GITLAB_URL, LLM_MODEL...). */
  settings: Readonly<Record<string, string>>;
  logRetention: logs.RetentionDays;
  secretsKmsKeyArn?: string | undefined;
}

const TMPFS_OPTIONS = new Map<string, ecs.TmpfsMountOption>(
  Object.values(ecs.TmpfsMountOption).map((option) => [String(option), option]),
);

/** A principal for ECS tasks of this account only (confused-deputy protection). */
function ecsTasksPrincipal(): iam.IPrincipal {
  return new iam.ServicePrincipal('ecs-tasks.amazonaws.com').withConditions({
    StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:ecs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
  });
}

/**
 * Every task definition of ecs/task-definitions, built from its template: same family, roles, container,
 * command, environment, secrets, health check, stop timeout, log options and ports. The execution role
 * may pull from the repositories the images name, read exactly the SSM parameters the secrets name and
 * write to the log groups the awslogs options name; the task roles get no permission at all.
 */
export class TaskDefinitions extends Construct {
  readonly executionRole: iam.Role;
  readonly byFamily = new Map<string, ecs.Ec2TaskDefinition>();
  readonly logGroups = new Map<string, logs.LogGroup>();
  readonly parameters = new Map<string, ssm.IParameter>();
  readonly taskRoles = new Map<string, iam.Role>();
  private readonly placeholders: Readonly<Record<string, string>>;
  private readonly secretsKey: kms.IKey | undefined;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: TaskDefinitionsProps,
  ) {
    super(scope, id);
    this.placeholders = {
      ...props.settings,
      AWS_ACCOUNT_ID: Aws.ACCOUNT_ID,
      AWS_REGION: Aws.REGION,
      SSM_PREFIX: props.ssmPrefix,
    };
    this.secretsKey = props.secretsKmsKeyArn
      ? kms.Key.fromKeyArn(this, 'SecretsKey', props.secretsKmsKeyArn)
      : undefined;
    const executionRoleNames = new Set(
      props.templates.map(({ template }) => roleName(template.executionRoleArn)),
    );
    const [executionRoleName] = executionRoleNames;
    if (executionRoleNames.size !== 1 || executionRoleName === undefined) {
      throw new Error(
        `the task definitions name ${executionRoleNames.size} execution roles; one is expected`,
      );
    }
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      roleName: executionRoleName,
      assumedBy: ecsTasksPrincipal(),
      description: 'Kodus tasks: pull the images, read the secrets, write the logs',
    });
    for (const { app, template } of props.templates) this.add(app, template);
  }

  private add(app: string, template: TaskDefinitionTemplate): void {
    const taskRoleName = roleName(template.taskRoleArn);
    const taskRole =
      this.taskRoles.get(taskRoleName) ??
      new iam.Role(this, `TaskRole-${app}`, {
        roleName: taskRoleName,
        assumedBy: ecsTasksPrincipal(),
        description: `Kodus ${app} tasks: no AWS permissions (grant here what the app starts calling)`,
      });
    this.taskRoles.set(taskRoleName, taskRole);
    const definition = new ecs.Ec2TaskDefinition(this, app, {
      family: template.family,
      networkMode: ecs.NetworkMode.BRIDGE,
      executionRole: this.executionRole,
      taskRole,
    });
    for (const tag of template.tags) Tags.of(definition).add(tag.key, tag.value);
    for (const container of template.containerDefinitions) {
      definition.addContainer(container.name, this.containerOptions(app, container));
    }
    this.byFamily.set(template.family, definition);
  }

  private containerOptions(app: string, container: ContainerTemplate): ecs.ContainerDefinitionOptions {
    const repository = this.props.repositories.get(imageApp(container.image));
    if (!repository) throw new Error(`${app}: no repository for image ${container.image}`);
    const linuxParameters = new ecs.LinuxParameters(this, `${app}-${container.name}-linux`, {
      initProcessEnabled: container.linuxParameters.initProcessEnabled,
    });
    for (const tmpfs of container.linuxParameters.tmpfs) {
      linuxParameters.addTmpfs({
        containerPath: tmpfs.containerPath,
        size: tmpfs.size,
        mountOptions: tmpfs.mountOptions.map((option) => {
          const known = TMPFS_OPTIONS.get(option);
          if (!known) throw new Error(`${app}: unknown tmpfs mount option ${option}`);
          return known;
        }),
      });
    }
    const { healthCheck } = container;
    return {
      containerName: container.name,
      image: ecs.ContainerImage.fromEcrRepository(repository, this.props.imageTag),
      essential: container.essential,
      cpu: container.cpu,
      memoryReservationMiB: container.memoryReservation,
      memoryLimitMiB: container.memory,
      command: container.command.map((part) => fill(part, this.placeholders)),
      environment: Object.fromEntries(
        container.environment.map(({ name, value }) => [name, fill(value, this.placeholders)]),
      ),
      secrets: Object.fromEntries(
        container.secrets.map(({ name, valueFrom }) => [
          name,
          ecs.Secret.fromSsmParameter(this.parameter(parameterName(valueFrom, this.placeholders))),
        ]),
      ),
      healthCheck: healthCheck && {
        command: healthCheck.command.map((part) => fill(part, this.placeholders)),
        interval: Duration.seconds(healthCheck.interval),
        timeout: Duration.seconds(healthCheck.timeout),
        retries: healthCheck.retries,
        startPeriod: Duration.seconds(healthCheck.startPeriod),
      },
      stopTimeout: Duration.seconds(container.stopTimeout),
      readonlyRootFilesystem: container.readonlyRootFilesystem,
      user: container.user,
      linuxParameters,
      logging: this.logDriver(app, container.logConfiguration.options),
      portMappings: container.portMappings?.map((port) => ({
        containerPort: port.containerPort,
        hostPort: port.hostPort,
        protocol: ecs.Protocol.TCP,
      })),
    };
  }

  /** The template's awslogs options as they are, the group created here with its retention. */
  private logDriver(app: string, options: Readonly<Record<string, string>>): ecs.LogDriver {
    const groupName = options['awslogs-group'];
    if (!groupName) throw new Error(`${app}: awslogs options without awslogs-group`);
    const name = fill(groupName, this.placeholders);
    let group = this.logGroups.get(name);
    if (!group) {
      group = new logs.LogGroup(this, `Logs-${app}`, {
        logGroupName: name,
        retention: this.props.logRetention,
      });
      group.grantWrite(this.executionRole);
      if (options['awslogs-create-group'] === 'true') {
        // The template also serves the CLI path, where the agent creates the group: allow exactly that.
        const groupArn = Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: name,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
        this.executionRole.addToPolicy(
          new iam.PolicyStatement({
            actions: ['logs:CreateLogGroup'],
            resources: [groupArn, `${groupArn}:*`],
          }),
        );
      }
      this.logGroups.set(name, group);
    }
    const filled = Object.fromEntries(
      Object.entries(options).map(([key, value]) => [key, fill(value, this.placeholders)]),
    );
    return new ecs.GenericLogDriver({
      logDriver: 'awslogs',
      options: { ...filled, 'awslogs-group': group.logGroupName },
    });
  }

  /** An existing SecureString parameter (CloudFormation cannot create one): referenced by name. */
  private parameter(name: string): ssm.IParameter {
    let parameter = this.parameters.get(name);
    if (!parameter) {
      parameter = ssm.StringParameter.fromSecureStringParameterAttributes(this, `Parameter${name}`, {
        parameterName: name,
        ...(this.secretsKey ? { encryptionKey: this.secretsKey } : {}),
      });
      this.parameters.set(name, parameter);
    }
    return parameter;
  }
}
