import type { LlmStandIn } from '@kodus/test-helpers';
import { checkCandidates } from '../src/check-candidates';
import { parseAnswer } from '../src/parse-answer';
import { requestHeader, systemPrompt } from '../src/prompt';
import { tokenCounterFor } from '../src/tokens';
import { rateLimitRequest, reviewer, startStandIn, suggestion } from './helpers';

describe('parseAnswer', () => {
  test('reads fenced JSON wrapped in prose', () => {
    const text =
      'Here is my review:\n```json\n' + JSON.stringify({ suggestions: [suggestion()] }) + '\n```\nThanks!';
    const parsed = parseAnswer(text);
    expect(parsed).toMatchObject({
      ok: true,
      invalidItems: 0,
      items: [{ relevantFile: 'src/auth/login.ts' }],
    });
  });

  test('accepts numbers sent as strings, enums in capitals, a missing end line and a bare array', () => {
    const parsed = parseAnswer(
      JSON.stringify([
        suggestion({ relevantLinesStart: '9', relevantLinesEnd: undefined, severity: 'HIGH', label: 'Bug' }),
      ]),
    );
    expect(parsed).toMatchObject({
      ok: true,
      items: [{ relevantLinesStart: 9, severity: 'high', label: 'bug' }],
    });
    expect(parsed.ok && parsed.items[0]?.relevantLinesEnd).toBeUndefined();
  });

  test('null for an optional field is absent, as servers without structured output (Ollama) send it', () => {
    const parsed = parseAnswer(
      JSON.stringify({
        suggestions: [
          suggestion({
            relevantLinesEnd: null,
            oneSentenceSummary: null,
            existingCode: null,
            improvedCode: null,
          }),
          suggestion({ relevantLinesStart: 10, relevantLinesEnd: ' ', oneSentenceSummary: undefined }),
        ],
      }),
    );
    expect(parsed).toMatchObject({ ok: true, invalidItems: 0 });
    const items = parsed.ok ? parsed.items : [];
    expect(items.map((i) => [i.relevantLinesStart, i.relevantLinesEnd, i.oneSentenceSummary])).toEqual([
      [9, undefined, ''],
      [10, undefined, ''],
    ]);
    expect(items[0]).toMatchObject({ existingCode: null, improvedCode: null });
    // No end line: the start line alone.
    expect(checkCandidates(items, new Map([['src/auth/login.ts', [9, 10, 11]]]), 'm').candidates).toEqual([
      expect.objectContaining({ startLine: 9, endLine: 9, summary: '' }),
      expect.objectContaining({ startLine: 10, endLine: 10, summary: '' }),
    ]);
  });

  test('an item still needs a file, a start line and a message: null for one of them drops it', () => {
    const parsed = parseAnswer(
      JSON.stringify([
        suggestion({ relevantFile: null }),
        suggestion({ relevantLinesStart: null }),
        suggestion({ suggestionContent: null }),
        suggestion({ relevantLinesEnd: null }),
      ]),
    );
    expect(parsed).toMatchObject({ ok: true, invalidItems: 3 });
    expect(parsed.ok && parsed.items).toHaveLength(1);
  });

  test('drops and counts items that do not fit the schema, keeping the rest', () => {
    const parsed = parseAnswer(
      JSON.stringify({
        suggestions: [
          suggestion(),
          suggestion({ label: 'nitpick' }),
          suggestion({ relevantLinesStart: 'nine' }),
          suggestion({ suggestionContent: '' }),
          'not an object',
        ],
      }),
    );
    expect(parsed).toMatchObject({ ok: true, invalidItems: 4 });
    expect(parsed.ok && parsed.items).toHaveLength(1);
  });

  test('fails on an answer that is not JSON or has no list', () => {
    expect(parseAnswer('{"suggestions": [ {"relevantFile": ')).toEqual({
      ok: false,
      reason: 'the answer is not JSON',
    });
    expect(parseAnswer('{"findings": []}')).toEqual({
      ok: false,
      reason: 'the answer has no "suggestions" list',
    });
  });
});

describe('tolerant reading through the reviewer', () => {
  let standIn: LlmStandIn;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(() => standIn.stop());

  test('a fenced answer with strings for numbers gives candidates; bad items and lines the change did not add are dropped and counted, those kept marked outside', async () => {
    const answer = {
      suggestions: [
        suggestion({ relevantLinesStart: '9', relevantLinesEnd: '9' }),
        suggestion({
          relevantFile: 'src/auth/rate-limit.ts',
          relevantLinesStart: 20,
          relevantLinesEnd: 22,
          label: 'bug',
          severity: 'medium',
        }),
        suggestion({ relevantLinesStart: 12, relevantLinesEnd: 12 }), // a context line, not added
        suggestion({ relevantFile: 'src/elsewhere.ts' }), // a file not sent
        suggestion({ severity: 'urgent' }), // not of the schema
      ],
    };
    standIn.script({ reply: { text: '```json\n' + JSON.stringify(answer) + '\n```' } });
    const { reviewer: r } = reviewer(standIn);
    const result = await r.review(rateLimitRequest());

    expect(result.failures).toEqual([]);
    expect(result.droppedItems).toBe(3);
    expect(
      result.candidates.map((c) => [c.path, c.startLine, c.endLine, c.label, c.outsideView ?? false]),
    ).toEqual([
      ['src/auth/login.ts', 9, 9, 'kody_rules', false],
      ['src/auth/rate-limit.ts', 20, 22, 'bug', false],
      // At the model's own place, to be recorded as dropped (not on a changed line), never posted.
      ['src/auth/login.ts', 12, 12, 'kody_rules', true],
      ['src/elsewhere.ts', 9, 9, 'kody_rules', true],
    ]);
  });

  test('an unparsable answer costs its batch only: the other batch still counts, and the result says which files and why', async () => {
    standIn.script({
      match: 'src/auth/rate-limit.ts',
      reply: { text: '{"suggestions": [ {"relevantFile": "src/auth/rate' },
    });
    standIn.script({ match: 'src/auth/login.ts', reply: { json: { suggestions: [suggestion()] } } });
    // Room for about 300 tokens of files per call: login.ts (273) and rate-limit.ts (272) each go alone.
    const request = rateLimitRequest();
    const counter = await tokenCounterFor('openai', 'gpt-4o-mini');
    const fixed = counter.count(systemPrompt('en-US')) + counter.count(requestHeader(request, request.rules));
    const { reviewer: r } = reviewer(standIn, { maxInputTokensPerCall: fixed + 300 });
    const result = await r.review(request);

    expect(result.batches).toEqual([['src/auth/login.ts'], ['src/auth/rate-limit.ts'], ['docs/security.md']]);
    expect(result.failures).toEqual([
      { batch: ['src/auth/rate-limit.ts'], reason: 'the answer is not JSON' },
    ]);
    expect(result.candidates.map((c) => c.path)).toEqual(['src/auth/login.ts']);
    expect(result.unreviewedFiles).toEqual([
      { path: 'docs/login-flow.png', reason: 'no patch (binary, or too large for the provider to show)' },
      { path: 'src/auth/rate-limit.ts', reason: 'its batch failed: the answer is not JSON' },
    ]);
    expect(result.calls.map((c) => c.outcome).sort()).toEqual(['ok', 'ok', 'unparsable']);
  });
});
