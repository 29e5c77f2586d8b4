import { CfnOutput } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * The ECS agent settings every host of the cluster gets: the Auto Scaling group's hosts through their
 * user data, the existing host through /etc/ecs/ecs.config by hand (the stack outputs the same lines).
 */
export function ecsAgentConfig(clusterName: string, stopTimeoutSeconds: number): string[] {
  return [
    `ECS_CLUSTER=${clusterName}`,
    // The task metadata file, for logs and diagnostics that name the task and container.
    'ECS_ENABLE_CONTAINER_METADATA=true',
    // A container without its own stopTimeout gets the longest drain budget of the task definitions.
    `ECS_CONTAINER_STOP_TIMEOUT=${stopTimeoutSeconds}s`,
    // Task roles, and awslogs writing with the execution role (the host role needs no log access for tasks).
    'ECS_ENABLE_TASK_IAM_ROLE=true',
    'ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true',
    // Every deploy brings new images: remove unused ones and stopped tasks' leftovers.
    'ECS_DISABLE_IMAGE_CLEANUP=false',
    'ECS_IMAGE_CLEANUP_INTERVAL=30m',
    'ECS_IMAGE_MINIMUM_CLEANUP_AGE=1h',
    'ECS_NUM_IMAGES_DELETE_PER_CYCLE=5',
    'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=1h',
  ];
}

export interface CapacityProps {
  clusterName: string;
  vpc: ec2.IVpc;
  subnets: ec2.ISubnet[];
  albSecurityGroup: ec2.ISecurityGroup;
  instanceType: string;
  hostsMin: number;
  hostsMax: number;
  stopTimeoutSeconds: number;
}

/**
 * The cluster and its EC2 capacity: an Auto Scaling group of ECS-optimized hosts behind a capacity
 * provider with managed scaling (services scale out, hosts follow), and a named instance profile and
 * security group that the existing host attaches to join the same cluster.
 */
export class ClusterCapacity extends Construct {
  readonly cluster: ecs.Cluster;
  readonly capacityProvider: ecs.AsgCapacityProvider;
  readonly hostSecurityGroup: ec2.SecurityGroup;
  readonly hostRole: iam.Role;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;

  constructor(scope: Construct, id: string, props: CapacityProps) {
    super(scope, id);
    // Container Insights gives RunningTaskCount, which the worker's backlog-per-task scaling divides by.
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.hostSecurityGroup = new ec2.SecurityGroup(this, 'HostSecurityGroup', {
      vpc: props.vpc,
      description: 'Kodus ECS hosts: the ALB reaches the dynamic host ports of bridge-mode tasks',
      allowAllOutbound: true,
    });
    this.hostSecurityGroup.addIngressRule(
      props.albSecurityGroup,
      ec2.Port.tcpRange(32768, 65535),
      'ALB to ECS dynamic host ports',
    );

    this.hostRole = new iam.Role(this, 'HostRole', {
      roleName: `${props.clusterName}-ecs-host`,
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Kodus ECS hosts: register with the cluster and pull images (tasks have their own roles)',
    });
    // One named profile: the Auto Scaling group's hosts use it, and the existing host attaches it.
    const profile = new iam.InstanceProfile(this, 'HostProfile', {
      instanceProfileName: `${props.clusterName}-ecs-host`,
      role: this.hostRole,
    });

    const agentConfig = ecsAgentConfig(props.clusterName, props.stopTimeoutSeconds);
    const userData = ec2.UserData.forLinux();
    userData.addCommands(
      'mkdir -p /etc/ecs',
      "cat >> /etc/ecs/ecs.config <<'ECS_CONFIG'",
      ...agentConfig,
      'ECS_CONFIG',
    );
    const launchTemplate = new ec2.LaunchTemplate(this, 'HostTemplate', {
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
      instanceType: new ec2.InstanceType(props.instanceType),
      instanceProfile: profile,
      securityGroup: this.hostSecurityGroup,
      userData,
      // IMDSv2 with one hop: the agent (host network) reaches the metadata service, bridge-mode
      // containers (one hop further) cannot borrow the host role.
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(30, { volumeType: ec2.EbsDeviceVolumeType.GP3, encrypted: true }),
        },
      ],
    });
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Hosts', {
      vpc: props.vpc,
      vpcSubnets: { subnets: props.subnets },
      launchTemplate,
      minCapacity: props.hostsMin,
      maxCapacity: props.hostsMax,
    });
    this.capacityProvider = new ecs.AsgCapacityProvider(this, 'CapacityProvider', {
      capacityProviderName: `${props.clusterName}-hosts`,
      autoScalingGroup: this.autoScalingGroup,
      enableManagedScaling: true,
      enableManagedTerminationProtection: true,
      enableManagedDraining: true,
      targetCapacityPercent: 100,
    });
    // Adds the ECS permissions to the host role. Managed draining moves tasks off a host before it
    // ends, so CDK adds no drain hook (Lambda + SNS).
    this.cluster.addAsgCapacityProvider(this.capacityProvider);
    this.cluster.addDefaultCapacityProviderStrategy([
      { capacityProvider: this.capacityProvider.capacityProviderName, weight: 1 },
    ]);

    // Plain output names: the README's commands read them.
    const outputs: Array<[string, string, string]> = [
      ['HostInstanceProfile', 'Attach to the existing host', profile.instanceProfileName],
      ['HostSecurityGroupId', 'Add to the existing host', this.hostSecurityGroup.securityGroupId],
      ['HostAgentConfig', 'The existing host /etc/ecs/ecs.config', agentConfig.join('\n')],
    ];
    for (const [name, description, value] of outputs) {
      new CfnOutput(this, name, { description, value }).overrideLogicalId(name);
    }
  }
}
