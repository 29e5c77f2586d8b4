// The Fargate variant of a rendered EC2 task or service definition (ecs/render.mjs --launch-type fargate):
// same image, command, environment, secrets, health check and logs; what Fargate requires changes.

/** Valid Fargate task sizes: CPU units → memory (MiB) allowed with it (AWS ECS developer guide). */
const steps = (from, to, by) => Array.from({ length: (to - from) / by + 1 }, (_, i) => from + i * by);
export const FARGATE_TASK_SIZES = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

/** The smallest valid Fargate size holding `cpu` units and `memory` MiB, as the strings ECS expects. */
export function fargateTaskSize(cpu, memory) {
  for (const [units, memories] of Object.entries(FARGATE_TASK_SIZES)) {
    if (Number(units) < cpu) continue;
    const fit = memories.find((m) => m >= memory);
    if (fit !== undefined) return { cpu: String(units), memory: String(fit) };
  }
  throw new Error(`no Fargate task size holds ${cpu} CPU units and ${memory} MiB`);
}

// Fargate rejects these Linux parameters (EC2 only).
const EC2_ONLY_LINUX = ['tmpfs', 'devices', 'sharedMemorySize', 'maxSwap', 'swappiness'];
const without = (object, keys) =>
  Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
const volumeName = (path) => `scratch${path.replace(/[^A-Za-z0-9]+/g, '-')}`.replace(/-$/, '');

/**
 * awsvpc + FARGATE, task-level cpu/memory, host port = container port, and each tmpfs (EC2 only) turned
 * into a task volume on Fargate's ephemeral storage mounted at the same path, so a read-only root
 * filesystem keeps a writable /tmp (the worker's heartbeat file lives there).
 */
export function fargateTaskDefinition(task) {
  const volumes = [...(task.volumes ?? [])];
  let cpu = 0;
  let memory = 0;
  const containerDefinitions = task.containerDefinitions.map((container) => {
    const { linuxParameters, portMappings, ...rest } = container;
    const out = { ...rest };
    cpu += container.cpu ?? 0;
    memory += container.memory ?? container.memoryReservation ?? 0;
    if (linuxParameters !== undefined) {
      const kept = Object.fromEntries(
        Object.entries(linuxParameters).filter(([key]) => !EC2_ONLY_LINUX.includes(key)),
      );
      if (Object.keys(kept).length > 0) out.linuxParameters = kept;
      for (const { containerPath } of linuxParameters.tmpfs ?? []) {
        const name = volumeName(containerPath);
        if (!volumes.some((v) => v.name === name)) volumes.push({ name });
        out.mountPoints = [
          ...(out.mountPoints ?? []),
          { sourceVolume: name, containerPath, readOnly: false },
        ];
      }
    }
    if (portMappings !== undefined) {
      out.portMappings = portMappings.map((mapping) => ({ ...mapping, hostPort: mapping.containerPort }));
    }
    return out;
  });
  return {
    ...without(task, ['placementConstraints']),
    family: `${task.family}-fargate`,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    ...fargateTaskSize(cpu, memory),
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
    ...(volumes.length > 0 ? { volumes } : {}),
    containerDefinitions,
  };
}

/**
 * The service beside the EC2 one (`<name>-fargate`, task family `<family>-fargate`): awsvpc in
 * FARGATE_SUBNETS with FARGATE_SECURITY_GROUPS, no public IP, and for an HTTP app the `ip` target group
 * TARGET_GROUP_<APP>_FARGATE (Fargate tasks register by IP; the EC2 group registers instances).
 */
export function fargateService(service, values) {
  const rest = without(service, ['placementStrategy', 'placementConstraints', 'launchType']);
  const app = service.serviceName
    .replace(/^kodus-/, '')
    .toUpperCase()
    .replace(/-/g, '_');
  const names = ['FARGATE_SUBNETS', 'FARGATE_SECURITY_GROUPS'];
  if (service.loadBalancers !== undefined) names.push(`TARGET_GROUP_${app}_FARGATE`);
  const missing = names.filter((name) => values[name] === undefined || values[name] === '');
  if (missing.length > 0) throw new Error(`no value for ${missing.sort().join(', ')}`);
  const ids = (name) =>
    values[name]
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
  return {
    ...rest,
    serviceName: `${service.serviceName}-fargate`,
    taskDefinition: `${service.taskDefinition}-fargate`,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ids('FARGATE_SUBNETS'),
        securityGroups: ids('FARGATE_SECURITY_GROUPS'),
        assignPublicIp: 'DISABLED',
      },
    },
    ...(service.loadBalancers !== undefined
      ? {
          loadBalancers: service.loadBalancers.map((balancer) => ({
            ...balancer,
            targetGroupArn: values[`TARGET_GROUP_${app}_FARGATE`],
          })),
        }
      : {}),
  };
}
