import type { JSONSchema7 } from 'ai';
import { z } from 'zod';
import { LLM_LABELS, LLM_SEVERITIES } from './types';

/**
 * The answer's JSON schema as sent to the provider. Written out rather than generated, because OpenAI's
 * strict mode wants every key listed in `required`, `additionalProperties: false` everywhere, and the
 * optional values as nullable types.
 */
export const SUGGESTIONS_JSON_SCHEMA: JSONSchema7 = {
  type: 'object',
  properties: {
    suggestions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          relevantFile: { type: 'string', description: 'Path of a file of this pull request' },
          relevantLinesStart: { type: 'integer', description: 'First line, numbered in the new file' },
          relevantLinesEnd: { type: 'integer', description: 'Last line, numbered in the new file' },
          label: { type: 'string', enum: [...LLM_LABELS] },
          severity: { type: 'string', enum: [...LLM_SEVERITIES] },
          suggestionContent: { type: 'string', description: 'The problem and how to fix it' },
          oneSentenceSummary: { type: 'string' },
          existingCode: { type: ['string', 'null'], description: 'The code as it is, or null' },
          improvedCode: { type: ['string', 'null'], description: 'The code as it should be, or null' },
        },
        required: [
          'relevantFile',
          'relevantLinesStart',
          'relevantLinesEnd',
          'label',
          'severity',
          'suggestionContent',
          'oneSentenceSummary',
          'existingCode',
          'improvedCode',
        ],
        additionalProperties: false,
      },
    },
  },
  required: ['suggestions'],
  additionalProperties: false,
};

// Models (and servers without structured output) send numbers as strings and enums in other cases.
const lineNumber = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number().int().positive(),
);
const lowerCase = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);
// The schema above has every key required and the optional ones nullable (strict mode); servers without
// structured output (Ollama) send `null` or "" for what they leave out, in any key. For an optional field
// that is "not given", never a reason to drop the item.
const notGiven = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

/**
 * One suggestion as read from an answer: tolerant of strings for numbers, of a missing, null or empty end
 * line (the start line alone), summary ('') and code (null). Only what it cannot do without is required:
 * the file, the start line, the message, and the label and severity that decide whether it is posted.
 */
export const suggestionItemSchema = z.object({
  relevantFile: z.string().trim().min(1),
  relevantLinesStart: lineNumber,
  relevantLinesEnd: z.preprocess(notGiven, lineNumber.optional()),
  label: z.preprocess(lowerCase, z.enum(LLM_LABELS)),
  severity: z.preprocess(lowerCase, z.enum(LLM_SEVERITIES)),
  suggestionContent: z.string().trim().min(1),
  oneSentenceSummary: z.preprocess(notGiven, z.string().trim().default('')),
  existingCode: z.string().nullish(),
  improvedCode: z.string().nullish(),
});

export type SuggestionItem = z.infer<typeof suggestionItemSchema>;
