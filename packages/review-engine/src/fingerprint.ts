import { createHash } from 'node:crypto';
import { normalizePath } from './glob-matcher';
import type { Finding, ParsedFile } from './types';

/** What a fingerprint looks like: `kf1:` and 16 hex digits (the first 64 bits of a SHA-256). */
export const FINGERPRINT_PATTERN = /^kf1:[0-9a-f]{16}$/i;

/** The line's text as the fingerprint reads it: runs of whitespace as one space, none at the ends. */
export function normalizeFingerprintLine(content: string): string {
  return content.replace(/\s+/g, ' ').trim();
}

/**
 * A finding's stable id: `kf1:` + the first 16 hex digits of SHA-256 over its rule id, its file's path and
 * the whitespace-normalised text of its line. The line NUMBER is left out, so the id survives edits
 * elsewhere in the file (lines moving) and re-indentation; it changes when the line itself, the file's
 * path or the rule changes, so an accepted finding comes back once its code does.
 *
 * No occurrence index: the engine sees only the lines a change adds (an incremental review only those
 * new since the last reviewed head), so "the 2nd identical line" would not mean the same line from one
 * review to the next. Identical lines of one file flagged by one rule share a fingerprint, and accepting
 * it accepts them all: the same text is the same risk.
 */
export function fingerprintOf(finding: { ruleId: string; path: string }, lineContent: string): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        'kf1',
        finding.ruleId,
        normalizePath(finding.path),
        normalizeFingerprintLine(lineContent),
      ]),
    )
    .digest('hex');
  return `kf1:${hash.slice(0, 16)}`;
}

/** The findings of one file with their fingerprints set (new objects; the analyzers' are left alone). */
export function withFingerprints(file: ParsedFile, findings: readonly Finding[]): Finding[] {
  if (findings.length === 0) return [];
  const lines = new Map(file.addedLines.map((added) => [added.line, added.content]));
  return findings.map((finding) => ({
    ...finding,
    fingerprint: fingerprintOf(finding, lines.get(finding.line) ?? ''),
  }));
}
