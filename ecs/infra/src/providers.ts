import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ECS_DIR, type ContainerTemplate, type TaskDefinitionTemplate } from './templates';

/**
 * The Git providers and the LLM a deploy chooses, applied to the task definition templates as
 * ecs/providers.mjs applies them for render.mjs (same table: ecs/providers.json; the agreement test
 * checks both agree). The templates carry GitHub; a choice removes what unchosen providers need and adds
 * the chosen ones' SSM secrets and {{SETTING}} environment values, so no task reads a parameter that was
 * never created.
 */

const appEntry = z
  .object({ secrets: z.array(z.string()).optional(), settings: z.array(z.string()).optional() })
  .strict();
const providerTable = z.object({
  providers: z.record(z.string(), z.record(z.string(), appEntry)),
  defaults: z.record(z.string(), z.string()),
  llmProviders: z.array(z.string()).min(1),
});

export const PROVIDER_TABLE = providerTable.parse(
  JSON.parse(readFileSync(join(ECS_DIR, 'providers.json'), 'utf8')),
);
export const PROVIDERS = Object.keys(PROVIDER_TABLE.providers);

export interface LlmChoice {
  provider: string;
  baseUrl?: string | undefined;
  budget?: string | undefined;
  withApiKey?: boolean | undefined;
}

const secretArn = (name: string) =>
  `arn:aws:ssm:{{AWS_REGION}}:{{AWS_ACCOUNT_ID}}:parameter{{SSM_PREFIX}}/${name}`;

function mapContainers(
  task: TaskDefinitionTemplate,
  change: (container: ContainerTemplate) => ContainerTemplate,
): TaskDefinitionTemplate {
  return { ...task, containerDefinitions: task.containerDefinitions.map(change) };
}

/** `task` (the template of `app`) for `providers`, in the order of PROVIDERS. */
export function withProviders(
  task: TaskDefinitionTemplate,
  app: string,
  providers: readonly string[],
): TaskDefinitionTemplate {
  const chosen = { secrets: [] as string[], settings: [] as string[] };
  const others = { secrets: [] as string[], settings: [] as string[] };
  for (const [provider, apps] of Object.entries(PROVIDER_TABLE.providers)) {
    const entry = apps[app] ?? {};
    const into = providers.includes(provider) ? chosen : others;
    into.secrets.push(...(entry.secrets ?? []));
    into.settings.push(...(entry.settings ?? []));
  }
  return mapContainers(task, (container) => {
    const environment = container.environment.filter(({ name }) => !others.settings.includes(name));
    const secrets = container.secrets.filter(({ name }) => !others.secrets.includes(name));
    for (const name of chosen.settings) {
      if (!environment.some((entry) => entry.name === name)) environment.push({ name, value: `{{${name}}}` });
    }
    for (const name of chosen.secrets) {
      if (!secrets.some((entry) => entry.name === name)) secrets.push({ name, valueFrom: secretArn(name) });
    }
    return { ...container, environment, secrets };
  });
}

/** The worker's template with the LLM review `llm` chooses; `none` and other apps unchanged. */
export function withLlm(task: TaskDefinitionTemplate, app: string, llm: LlmChoice): TaskDefinitionTemplate {
  if (app !== 'worker' || llm.provider === 'none') return task;
  const settings = ['LLM_MODEL'];
  if (llm.provider === 'openai-compatible' || llm.baseUrl) settings.push('LLM_BASE_URL');
  if (llm.budget) settings.push('LLM_MONTHLY_BUDGET_USD');
  const needsKey = llm.withApiKey ?? llm.provider !== 'openai-compatible';
  return mapContainers(task, (container) => {
    const environment = container.environment
      .filter(({ name }) => !settings.includes(name))
      .map((entry) => (entry.name === 'LLM_PROVIDER' ? { name: entry.name, value: llm.provider } : entry));
    if (!environment.some(({ name }) => name === 'LLM_PROVIDER')) {
      environment.push({ name: 'LLM_PROVIDER', value: llm.provider });
    }
    environment.push(...settings.map((name) => ({ name, value: `{{${name}}}` })));
    const secrets = container.secrets.filter(({ name }) => name !== 'LLM_API_KEY');
    if (needsKey) secrets.push({ name: 'LLM_API_KEY', valueFrom: secretArn('LLM_API_KEY') });
    return { ...container, environment, secrets };
  });
}
