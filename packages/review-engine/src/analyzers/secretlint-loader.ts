import type { SecretLintCoreConfig, SecretLintCoreResult, SecretLintRawSource } from '@secretlint/types';

export type LintSource = (args: {
  source: SecretLintRawSource;
  options: { config: SecretLintCoreConfig; maskSecrets?: boolean; noPhysicFilePath?: boolean };
}) => Promise<SecretLintCoreResult>;

export interface Secretlint {
  lintSource: LintSource;
  config: SecretLintCoreConfig;
}

let loading: Promise<Secretlint> | undefined;

/**
 * secretlint 13 ships as ES modules only. They are loaded with a real dynamic `import()` (TypeScript's
 * nodenext output keeps it in the CommonJS build), on first use, so this package can be required, and
 * its other parts used, where ES modules cannot be loaded (e.g. Jest without --experimental-vm-modules).
 */
export function loadSecretlint(): Promise<Secretlint> {
  loading ??= (async () => {
    const [core, preset, profiler] = await Promise.all([
      import('@secretlint/core'),
      import('@secretlint/secretlint-rule-preset-recommend'),
      import('@secretlint/profiler'),
    ]);
    // secretlint's profiler is on by default: a performance mark per rule and file, kept in the process's
    // performance timeline and its own arrays, without end. In a worker that reviews for weeks that is a leak
    // (Node warns at 1,000,000 marks) and CPU spent on every file. The engine never reads the profile.
    profiler.secretLintProfiler.setEnabled(false);
    const config: SecretLintCoreConfig = {
      rules: [
        {
          id: '@secretlint/secretlint-rule-preset-recommend',
          rule: preset.creator,
          rules: [
            {
              // Access key IDs (AKIA...) are only reported with this option. Account IDs are not secrets.
              id: '@secretlint/secretlint-rule-aws',
              options: { enableIDScanRule: true },
              allowMessageIds: ['AWSAccountID'],
            },
          ],
        },
      ],
    };
    return { lintSource: core.lintSource, config };
  })().catch((error: unknown) => {
    loading = undefined; // let a later call try again
    throw new Error(`could not load secretlint: ${(error as Error).message}`, { cause: error });
  });
  return loading;
}
