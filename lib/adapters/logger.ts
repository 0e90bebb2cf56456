// One Powertools logger per function, behind the PipelineLogger port. Callers pass ids, counts and codes
// only; the logger is never given request bodies, headers, tokens or roster rows.
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogFields, PipelineLogger } from '../ports/logger.ts';

export function createLogger(
  serviceName: string,
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR',
): PipelineLogger {
  const logger = new Logger({ serviceName, logLevel });
  return {
    info: (message: string, fields: LogFields = {}) => logger.info(message, fields),
    warn: (message: string, fields: LogFields = {}) => logger.warn(message, fields),
    error: (message: string, fields: LogFields = {}) => logger.error(message, fields),
  };
}
