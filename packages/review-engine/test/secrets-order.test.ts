import { dropRedundantSecretFindings } from '../src/findings-order';
import type { Finding, Severity } from '../src';

const finding = (line: number, ruleId: string, severity: Severity, path = 'src/a.ts'): Finding => ({
  path,
  line,
  ruleId,
  severity,
  category: ruleId.startsWith('secrets/') ? 'security' : 'maintainability',
  message: ruleId,
});

describe('one secret finding per line', () => {
  it('keeps the most severe, a named format before the heuristic, and other analyzers untouched', () => {
    const findings = [
      finding(1, 'secrets/hardcoded-password', 'high'),
      finding(1, 'secrets/connection-string', 'high'),
      finding(1, 'debug/console', 'low'),
      finding(2, 'secrets/basicauth', 'high'),
      finding(2, 'secrets/azure', 'critical'),
      finding(3, 'secrets/stripe', 'medium'),
      finding(3, 'secrets/hardcoded-password', 'high'),
      finding(4, 'secrets/privatekey', 'critical'),
      finding(4, 'secrets/privatekey', 'critical'),
      finding(1, 'secrets/hardcoded-password', 'high', 'src/b.ts'),
    ];
    expect(dropRedundantSecretFindings(findings).map((f) => [f.path, f.line, f.ruleId])).toEqual([
      ['src/a.ts', 1, 'secrets/connection-string'],
      ['src/a.ts', 1, 'debug/console'],
      ['src/a.ts', 2, 'secrets/azure'],
      ['src/a.ts', 3, 'secrets/hardcoded-password'],
      ['src/a.ts', 4, 'secrets/privatekey'],
      ['src/b.ts', 1, 'secrets/hardcoded-password'],
    ]);
  });
});
