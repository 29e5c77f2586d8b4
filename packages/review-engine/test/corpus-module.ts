// The typed face of bench/lib/corpus-score.mjs (plain ES module, shared with bench/analyzers-corpus.mjs) for
// the corpus tests: loaded with a dynamic import, as the package's Jest runs with --experimental-vm-modules.
import { join } from 'node:path';
import type { ChangedFileInput, Finding } from '../src';

export interface Label {
  path: string;
  line: number;
  kind: string;
  reason: string;
}
export interface CorpusCase {
  name: string;
  description: string;
  files: { path: string; content: string; lines: string[] }[];
  findings: Label[];
  quiet: { path: string; reason: string }[];
}
export interface CaseScore {
  labels: number;
  findings: number;
  tp: number;
  fp: { finding: Finding; quietFile: boolean }[];
  fn: Label[];
  duplicates: number;
}
export interface CorpusModule {
  CORPUS_ROOT: string;
  SETS: readonly string[];
  KINDS: readonly string[];
  CorpusError: new (problems: string[]) => Error & { problems: string[] };
  loadSet(set: string, root?: string): { set: string; cases: CorpusCase[] };
  validateLabels(labels: unknown, files: Map<string, number>, where?: string): string[];
  changedFiles(corpusCase: CorpusCase): ChangedFileInput[];
  scoreCase(corpusCase: CorpusCase, findings: Finding[]): CaseScore;
  summarize(scores: CaseScore[]): CaseScore & { fp: unknown[]; recall: number; precision: number };
}

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export async function loadCorpusModule(): Promise<CorpusModule> {
  return (await import(join(REPO_ROOT, 'bench', 'lib', 'corpus-score.mjs'))) as CorpusModule;
}
