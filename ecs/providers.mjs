// The Git providers and the LLM a deploy chooses (render.mjs --providers / --llm), applied to the task
// definition templates before their placeholders are filled. The templates carry GitHub (the default);
// a choice removes what an unchosen provider needs and adds what a chosen one needs, so the task never
// references an SSM parameter the operator did not create (ECS fails to start a task on a missing one).
// ecs/infra applies the same table (providers.json) and its agreement test checks both agree.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const table = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'providers.json'), 'utf8'),
);

/** Every provider, in the order their variables are added. */
export const PROVIDERS = Object.keys(table.providers);
export const DEFAULT_PROVIDERS = ['github'];
export const LLM_PROVIDERS = table.llmProviders;
/** The contract's defaults of the providers' settings (GITLAB_URL...). */
export const PROVIDER_DEFAULTS = table.defaults;

/** `github,gitlab` → ['github', 'gitlab'] (known names, each once, in PROVIDERS order); throws otherwise. */
export function parseProviders(text) {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !PROVIDERS.includes(name));
  if (unknown.length > 0) {
    throw new Error(`unknown provider ${unknown.join(', ')} (choose from ${PROVIDERS.join(', ')})`);
  }
  if (names.length === 0) throw new Error(`no provider chosen (choose from ${PROVIDERS.join(', ')})`);
  return PROVIDERS.filter((name) => names.includes(name));
}

/** The SSM reference of a secret, in the templates' naming scheme. */
export const secretArn = (name) =>
  `arn:aws:ssm:{{AWS_REGION}}:{{AWS_ACCOUNT_ID}}:parameter{{SSM_PREFIX}}/${name}`;

/** What `providers` put into `app`'s containers: { secrets, settings } name lists, and the rest's. */
function partition(app, providers) {
  const chosen = { secrets: [], settings: [] };
  const others = { secrets: [], settings: [] };
  for (const provider of PROVIDERS) {
    const entry = table.providers[provider][app] ?? {};
    const into = providers.includes(provider) ? chosen : others;
    into.secrets.push(...(entry.secrets ?? []));
    into.settings.push(...(entry.settings ?? []));
  }
  return { chosen, others };
}

const mapContainers = (task, change) => ({
  ...task,
  containerDefinitions: task.containerDefinitions.map(change),
});

/**
 * The template `task` of `app` (webhook-handler, api-rest, worker...) for `providers`: the entries of
 * unchosen providers removed, the chosen providers' secrets (SSM) and settings ({{NAME}}) appended.
 */
export function withProviders(task, app, providers) {
  const { chosen, others } = partition(app, providers);
  const drop = (entries, names) => entries.filter(({ name }) => !names.includes(name));
  return mapContainers(task, (container) => {
    const environment = drop(container.environment ?? [], others.settings);
    const secrets = drop(container.secrets ?? [], others.secrets);
    for (const name of chosen.settings) {
      if (!environment.some((entry) => entry.name === name)) environment.push({ name, value: `{{${name}}}` });
    }
    for (const name of chosen.secrets) {
      if (!secrets.some((entry) => entry.name === name)) secrets.push({ name, valueFrom: secretArn(name) });
    }
    return { ...container, environment, secrets };
  });
}

/** Whether the worker reads LLM_API_KEY: every provider but openai-compatible (Ollama needs none), unless told. */
export function llmNeedsKey(provider, withApiKey) {
  if (withApiKey === 'true' || withApiKey === 'false') return withApiKey === 'true';
  if (withApiKey !== undefined && withApiKey !== '') {
    throw new Error(`LLM_WITH_API_KEY is true or false, not ${withApiKey}`);
  }
  return provider !== 'openai-compatible';
}

/**
 * The worker template with the LLM review chosen by `llm` ({ provider, baseUrl?, budget?, withApiKey? }):
 * LLM_PROVIDER set, LLM_MODEL ({{LLM_MODEL}}: the render refuses to leave it empty), LLM_BASE_URL when
 * given (required for openai-compatible), LLM_MONTHLY_BUDGET_USD when given, LLM_API_KEY as a secret.
 * `none` (or no provider) leaves the template as it is; other apps are never changed.
 */
export function withLlm(task, app, llm) {
  const provider = llm.provider ?? 'none';
  if (!LLM_PROVIDERS.includes(provider)) {
    throw new Error(`LLM provider ${provider} is not one of ${LLM_PROVIDERS.join(', ')}`);
  }
  if (app !== 'worker' || provider === 'none') return task;
  const settings = ['LLM_MODEL'];
  if (provider === 'openai-compatible' || llm.baseUrl) settings.push('LLM_BASE_URL');
  if (llm.budget) settings.push('LLM_MONTHLY_BUDGET_USD');
  const needsKey = llmNeedsKey(provider, llm.withApiKey);
  return mapContainers(task, (container) => {
    const environment = (container.environment ?? [])
      .filter(({ name }) => !settings.includes(name))
      .map((entry) => (entry.name === 'LLM_PROVIDER' ? { name: 'LLM_PROVIDER', value: provider } : entry));
    if (!environment.some(({ name }) => name === 'LLM_PROVIDER')) {
      environment.push({ name: 'LLM_PROVIDER', value: provider });
    }
    environment.push(...settings.map((name) => ({ name, value: `{{${name}}}` })));
    const secrets = (container.secrets ?? []).filter(({ name }) => name !== 'LLM_API_KEY');
    if (needsKey) secrets.push({ name: 'LLM_API_KEY', valueFrom: secretArn('LLM_API_KEY') });
    return { ...container, environment, secrets };
  });
}
