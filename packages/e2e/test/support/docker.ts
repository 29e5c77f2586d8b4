import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '@kodus/test-helpers';

/** Runs the docker CLI (DOCKER_HOST from the environment: a real engine or the podman-based one). */
export function docker(args: string[], options: { allowFailure?: boolean; timeoutMs?: number } = {}): string {
  const result = spawnSync('docker', args, {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    timeout: options.timeoutMs ?? 120000,
  });
  if (result.error !== undefined) throw new Error(`docker ${args[0]}: ${result.error.message}`);
  if (result.status !== 0 && options.allowFailure !== true) {
    throw new Error(`docker ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  }
  return result.stdout.trim();
}

export function compose(
  project: string,
  files: string[],
  args: string[],
  env: Record<string, string>,
  timeoutMs = 300000,
): string {
  const result = spawnSync('docker-compose', ['-p', project, ...files.flatMap((f) => ['-f', f]), ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    timeout: timeoutMs,
  });
  if (result.error !== undefined) throw new Error(`docker-compose: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(
      `docker-compose ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-3000)}`,
    );
  return result.stdout.trim();
}

export const IMAGE_TAG = 'e2e';
export const image = (app: string) => `kodus/${app}:${IMAGE_TAG}`;

/** The id of the image a tag names, or undefined when there is none. */
export function imageId(ref: string): string | undefined {
  const id = docker(['image', 'inspect', '--format', '{{.Id}}', ref], { allowFailure: true });
  return id === '' ? undefined : id;
}

/**
 * Builds an image from the project's Dockerfile, as CI does before pushing it. The tag is reused from
 * run to run, and the image it named before is removed, so repeated runs do not pile up dangling images.
 */
export function buildImage(name: string): void {
  const previous = imageId(image(name));
  docker(
    [
      'build',
      '--force-rm',
      '-f',
      `docker/Dockerfile.${name}`,
      '-t',
      image(name),
      '--build-arg',
      'VERSION=0.0.0-e2e',
      '--build-arg',
      'REVISION=e2e',
      '.',
    ],
    { timeoutMs: 900000 },
  );
  if (previous !== undefined && previous !== imageId(image(name))) removeImages([previous]);
}

/** Ids of the untagged images (replaced builds, intermediate stages) the engine holds right now. */
export function danglingImages(): Set<string> {
  const ids = docker(['images', '-q', '--no-trunc', '--filter', 'dangling=true'], { allowFailure: true });
  return new Set(ids.split('\n').filter(Boolean));
}

/** Removes images, ignoring those still in use (another run's container keeps its image). */
export function removeImages(ids: Iterable<string>): void {
  for (const id of ids) docker(['rmi', id], { allowFailure: true });
}

/** Removes a container and its anonymous volumes (redis and postgres declare VOLUMEs). */
export function removeContainer(name: string): void {
  docker(['rm', '-f', '-v', name], { allowFailure: true });
}

/** Bytes of an image. */
export function imageSize(ref: string): number {
  return Number(docker(['image', 'inspect', '--format', '{{.Size}}', ref]));
}

/** The host port Docker chose for a container port published as `127.0.0.1::<port>`. */
export function publishedPort(container: string, port: number): number {
  const line = docker(['port', container, `${port}/tcp`]).split('\n')[0] ?? '';
  return Number(line.slice(line.lastIndexOf(':') + 1));
}

export function containerState(container: string): { status: string; exitCode: number; health?: string } {
  const json = docker(['inspect', '--format', '{{json .State}}', container]);
  const state = JSON.parse(json) as { Status: string; ExitCode: number; Health?: { Status: string } };
  return { status: state.Status, exitCode: state.ExitCode, health: state.Health?.Status };
}
