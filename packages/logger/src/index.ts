export {
  createLogger,
  flushStdout,
  REDACT_PATHS,
  type CreateLoggerOptions,
  type Logger,
} from './create-logger';
export { NestPinoLogger } from './nest-logger';
