export * from './load-config';
export {
  ALL_VARIABLES,
  COMPONENT_TYPES,
  LLM_PROVIDERS,
  LOG_LEVELS,
  SECRET_VARIABLES,
  type ComponentType,
  type LlmProvider,
  type LogLevel,
} from './schema';
