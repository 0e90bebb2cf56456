// GET /uploads/{jobId} → status, counts and a fresh short-lived result link.
import { createLogger } from '../lib/adapters/logger.ts';
import { createUploadApiRuntime } from '../lib/adapters/upload-api-runtime.ts';
import { loadConfig } from '../lib/config.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { jsonResponse } from '../lib/http/responses.ts';
import { describeJob } from '../lib/pipeline/job-status.ts';
import { parseJobId } from '../lib/pipeline/requests.ts';

const config = loadConfig();
const runtime = createUploadApiRuntime(config);

export const handler = createHttpHandler(
  {
    logger: createLogger('uploads-get', config.logLevel),
    route: 'GetUpload',
    auth: { adminToken: config.adminToken },
  },
  async ({ pathParameters }) =>
    jsonResponse(200, await describeJob(runtime, parseJobId(pathParameters.jobId))),
);
