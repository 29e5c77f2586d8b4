import { createHmac } from 'node:crypto';
import { verifyGithubSignature } from '../src';
import { webhookExamples } from './support/webhook-examples';

const SECRET = 'test-webhook-secret-9f3c';
const sign = (body: Buffer, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const examples = webhookExamples(['pull_request', 'issue_comment']);

describe('verifyGithubSignature over every pull_request and issue_comment example', () => {
  it('has the examples it claims to cover', () => {
    expect(examples.filter((e) => e.event === 'pull_request').length).toBeGreaterThanOrEqual(29);
    expect(examples.filter((e) => e.event === 'issue_comment').length).toBeGreaterThanOrEqual(9);
  });

  it.each(examples.map((e) => [`${e.source} ${e.event} #${e.index} ${String(e.payload.action)}`, e]))(
    '%s',
    (_name, example) => {
      const body = Buffer.from(JSON.stringify(example.payload));
      const header = sign(body);
      expect(verifyGithubSignature(body, header, SECRET)).toBe(true);

      for (const position of [0, Math.floor(body.length / 2), body.length - 1]) {
        const tampered = Buffer.from(body);
        tampered[position] = (tampered[position] ?? 0) ^ 0x01;
        expect(verifyGithubSignature(tampered, header, SECRET)).toBe(false);
      }
      expect(verifyGithubSignature(body, header, 'another-secret')).toBe(false);
      expect(verifyGithubSignature(body, undefined, SECRET)).toBe(false);
      expect(verifyGithubSignature(body, sign(body, 'another-secret'), SECRET)).toBe(false);
    },
  );
});

describe('verifyGithubSignature with malformed headers', () => {
  const body = Buffer.from('{"zen":"Design for failure."}');
  const hex = createHmac('sha256', SECRET).update(body).digest('hex');

  it('accepts the exact header, and upper-case hex', () => {
    expect(verifyGithubSignature(body, `sha256=${hex}`, SECRET)).toBe(true);
    expect(verifyGithubSignature(body, `sha256=${hex.toUpperCase()}`, SECRET)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['no prefix', hex],
    ['sha1 prefix (X-Hub-Signature)', `sha1=${hex}`],
    ['upper-case prefix', `SHA256=${hex}`],
    ['prefix only', 'sha256='],
    ['one hex digit short', `sha256=${hex.slice(1)}`],
    ['one byte long', `sha256=${hex}00`],
    ['non-hex digits', `sha256=${'zz'.repeat(32)}`],
    ['odd non-hex tail', `sha256=${hex.slice(0, 63)}g`],
    ['two signatures', `sha256=${hex},sha256=${hex}`],
    ['embedded space', `sha256= ${hex}`],
  ])('refuses %s without throwing', (_name, header) => {
    expect(() => verifyGithubSignature(body, header, SECRET)).not.toThrow();
    expect(verifyGithubSignature(body, header, SECRET)).toBe(false);
  });

  it('refuses an empty secret and a body that is not a Buffer', () => {
    const unsigned = `sha256=${createHmac('sha256', '').update(body).digest('hex')}`;
    expect(verifyGithubSignature(body, unsigned, '')).toBe(false);
    const notABuffer = body.toString() as unknown as Buffer; // a caller that passed the parsed text
    expect(verifyGithubSignature(notABuffer, `sha256=${hex}`, SECRET)).toBe(false);
  });
});
