#!/usr/bin/env node
// Renders the ECS task and service definitions for one environment: fills every {{PLACEHOLDER}} from
// the environment (or --set NAME=value) and refuses to write a file with one left unfilled.
//
//   AWS_ACCOUNT_ID=123456789012 AWS_REGION=eu-west-1 ECS_CLUSTER=kodus \
//   IMAGE_TAG=1.4.0 node ecs/render.mjs --out ecs/rendered   (the version release.yml tagged the images with)
//
// IMAGE_WEBHOOK_HANDLER / IMAGE_API_REST / IMAGE_WORKER default to
// <AWS_ACCOUNT_ID>.dkr.ecr.<AWS_REGION>.amazonaws.com/kodus/<app>:<IMAGE_TAG>; SSM_PREFIX defaults to /kodus.
// Then: aws ecs register-task-definition --cli-input-json file://ecs/rendered/task-definitions/api-rest.json
//
// --launch-type fargate renders the same templates for Fargate (awsvpc, task-level cpu/memory, families and
// services suffixed -fargate) into ecs/rendered-fargate; it also needs FARGATE_SUBNETS and
// FARGATE_SECURITY_GROUPS (comma-separated ids) and TARGET_GROUP_<APP>_FARGATE (an `ip` target group).
//
// --providers github,gitlab,bitbucket,azure-devops (default github) chooses the Git providers: each adds its
// SSM secrets and settings (GITLAB_URL, BITBUCKET_API_URL, AZURE_DEVOPS_URL: inputs, or the defaults of
// providers.json) to the apps that need them. --llm <provider> (or LLM_PROVIDER) turns the LLM review on:
// LLM_MODEL (required), LLM_BASE_URL, LLM_MONTHLY_BUDGET_USD from the inputs, LLM_API_KEY from SSM.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fargateService, fargateTaskDefinition } from './fargate.mjs';
import {
  DEFAULT_PROVIDERS,
  PROVIDER_DEFAULTS,
  parseProviders,
  withLlm,
  withProviders,
} from './providers.mjs';

export { FARGATE_TASK_SIZES, fargateService, fargateTaskDefinition, fargateTaskSize } from './fargate.mjs';
export { PROVIDERS, parseProviders, withLlm, withProviders } from './providers.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** Placeholder values: explicit ones first, then the defaults derived from them. */
export function placeholderValues(given) {
  const values = { SSM_PREFIX: '/kodus', ...given };
  for (const [name, value] of Object.entries(PROVIDER_DEFAULTS)) {
    if (values[name] === undefined || values[name] === '') values[name] = value;
  }
  const registry =
    values.AWS_ACCOUNT_ID && values.AWS_REGION
      ? `${values.AWS_ACCOUNT_ID}.dkr.ecr.${values.AWS_REGION}.amazonaws.com/kodus`
      : undefined;
  if (registry && values.IMAGE_TAG) {
    for (const [name, app] of [
      ['IMAGE_WEBHOOK_HANDLER', 'webhook-handler'],
      ['IMAGE_API_REST', 'api-rest'],
      ['IMAGE_WORKER', 'worker'],
    ]) {
      values[name] ??= `${registry}/${app}:${values.IMAGE_TAG}`;
    }
  }
  return values;
}

/** The template with every {{NAME}} replaced; throws naming every placeholder without a value. */
export function render(template, values) {
  const missing = new Set();
  const text = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (whole, name) => {
    const value = values[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return whole;
    }
    // Values land inside JSON strings.
    return JSON.stringify(String(value)).slice(1, -1);
  });
  if (missing.size > 0) throw new Error(`no value for ${[...missing].sort().join(', ')}`);
  return JSON.parse(text);
}

/**
 * One template's text chosen for `providers` and the LLM named by `values.LLM_PROVIDER`, then rendered
 * (task definitions only: services carry no variables).
 */
export function renderChosen({ folder, file, text }, values, providers = DEFAULT_PROVIDERS) {
  if (folder !== 'task-definitions') return render(text, values);
  const app = file.replace(/\.json$/, '');
  const llm = {
    provider: values.LLM_PROVIDER || undefined,
    baseUrl: values.LLM_BASE_URL,
    budget: values.LLM_MONTHLY_BUDGET_USD,
    withApiKey: values.LLM_WITH_API_KEY,
  };
  const chosen = withLlm(withProviders(JSON.parse(text), app, providers), app, llm);
  return render(JSON.stringify(chosen), values);
}

export function templates() {
  return ['task-definitions', 'services'].flatMap((folder) =>
    readdirSync(join(here, folder))
      .filter((file) => file.endsWith('.json'))
      .map((file) => ({ folder, file, text: readFileSync(join(here, folder, file), 'utf8') })),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values: args } = parseArgs({
    options: {
      out: { type: 'string' },
      set: { type: 'string', multiple: true },
      'launch-type': { type: 'string', default: 'ec2' },
      providers: { type: 'string', default: DEFAULT_PROVIDERS.join(',') },
      llm: { type: 'string' },
    },
  });
  const fargate = args['launch-type'] === 'fargate';
  if (!fargate && args['launch-type'] !== 'ec2') {
    process.stderr.write(
      `ecs/render: --launch-type is ec2 (the default) or fargate, not ${args['launch-type']}\n`,
    );
    process.exit(2);
  }
  args.out ??= join(here, fargate ? 'rendered-fargate' : 'rendered');
  const given = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^[A-Z0-9_]+$/.test(k)));
  for (const pair of args.set ?? []) {
    const at = pair.indexOf('=');
    given[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (args.llm !== undefined) given.LLM_PROVIDER = args.llm;
  let providers;
  try {
    providers = parseProviders(args.providers);
  } catch (error) {
    process.stderr.write(`ecs/render: --providers: ${error.message}\n`);
    process.exit(2);
  }
  const values = placeholderValues(given);
  const problems = [];
  for (const { folder, file, text } of templates()) {
    try {
      let rendered = renderChosen({ folder, file, text }, values, providers);
      if (fargate) {
        rendered = folder === 'services' ? fargateService(rendered, values) : fargateTaskDefinition(rendered);
      }
      mkdirSync(join(args.out, folder), { recursive: true });
      writeFileSync(join(args.out, folder, file), `${JSON.stringify(rendered, null, 2)}\n`);
    } catch (error) {
      problems.push(`${folder}/${file}: ${error.message}`);
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`ecs/render: ${problems.join('\n  ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`rendered into ${args.out}\n`);
}
