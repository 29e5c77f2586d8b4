export {
  LlmStandIn,
  type LlmRecordedRequest,
  type LlmStandInOptions,
  type LlmStandInReply,
  type LlmStandInRule,
} from './llm-stand-in';
export type { LlmDialect, LlmStandInUsage } from './dialects';
