// The one place that turns an error into an HTTP answer. Domain errors carry their own code and a message
// written for the caller; anything else is a bug or an outage, so the caller gets a generic 500 with a
// reference id and the details go to the log (error name and stack frames only: no message, no request
// body, no headers).
import { ClientError, DomainError, InputError } from '../errors.ts';
import type { PipelineLogger } from '../ports/logger.ts';
import { errorResponse, type HttpResult } from './responses.ts';

export function mapErrorToResponse(
  error: unknown,
  logger: Pick<PipelineLogger, 'error'>,
  requestId: string,
): HttpResult {
  if (error instanceof ClientError) return errorResponse(error.status, error.code, error.message);
  if (error instanceof InputError) return errorResponse(422, error.code, error.message);
  if (error instanceof DomainError) return errorResponse(400, error.code, error.message);
  logger.error('unhandled error', {
    requestId,
    errorName: error instanceof Error ? error.name : typeof error,
    // Frames only: a message can quote input or a credential, the frames cannot.
    stack: error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined,
  });
  return errorResponse(500, 'INTERNAL', `Something went wrong on our side. Reference: ${requestId}`);
}
