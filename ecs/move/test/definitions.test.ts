import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDefinitions } from '../src';
import { renderDefinitions } from './support/fixture';

let rendered: ReturnType<typeof renderDefinitions>;
beforeEach(() => {
  rendered = renderDefinitions('ec2');
});
afterEach(() => rendered.remove());

function edit(file: string, change: (json: Record<string, unknown>) => void): void {
  const path = join(rendered.dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  change(json);
  writeFileSync(path, JSON.stringify(json));
}

describe('readDefinitions', () => {
  it('reads what render.mjs wrote', () => {
    const { taskDefinition, service, targetGroupArn } = readDefinitions(rendered.dir, 'webhook-handler');
    expect(taskDefinition.family).toBe('kodus-webhook-handler');
    expect(service).toMatchObject({
      cluster: 'kodus',
      serviceName: 'kodus-webhook-handler',
      desiredCount: 2,
    });
    expect(targetGroupArn).toMatch(/^arn:aws:elasticloadbalancing:/);
  });

  // The SDK drops members its model does not know while serializing: a typo would vanish silently.
  it('refuses a member the SDK model does not know, and a wrong type, with their paths', () => {
    edit('task-definitions/worker.json', (task) => {
      const [container] = task.containerDefinitions as Array<Record<string, unknown>>;
      container!.stopTimout = 20;
      container!.cpu = '512';
    });
    expect(() => readDefinitions(rendered.dir, 'worker')).toThrow(
      /\$\.containerDefinitions\[0\]\.cpu: expected a number; \$\.containerDefinitions\[0\]\.stopTimout: not a member of ContainerDefinition/,
    );
  });

  it('refuses a service that runs another family than the task definition beside it', () => {
    edit('services/worker.json', (service) => {
      service.taskDefinition = 'kodus-api-rest';
    });
    expect(() => readDefinitions(rendered.dir, 'worker')).toThrow(
      /runs kodus-api-rest, but .* is kodus-worker/,
    );
  });

  it('says to render first when the folder has no definitions', () => {
    expect(() => readDefinitions(join(rendered.dir, 'missing'), 'worker')).toThrow(
      /render the definitions first/,
    );
  });
});
