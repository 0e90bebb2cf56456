// POST /uploads/{jobId}/review → stores accepted/rejected pairs; the match function re-issues the result.
import { createLogger } from '../lib/adapters/logger.ts';
import { createUploadApiRuntime } from '../lib/adapters/upload-api-runtime.ts';
import { loadConfig } from '../lib/config.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { jsonResponse } from '../lib/http/responses.ts';
import { reviewJob } from '../lib/pipeline/job-status.ts';
import { parseJobId, reviewRequestSchema } from '../lib/pipeline/requests.ts';

const config = loadConfig();
const runtime = createUploadApiRuntime(config);

export const handler = createHttpHandler(
  {
    logger: createLogger('uploads-review', config.logLevel),
    route: 'ReviewUpload',
    auth: { adminToken: config.adminToken },
    body: reviewRequestSchema,
  },
  async ({ pathParameters, body }) =>
    jsonResponse(202, await reviewJob(runtime, parseJobId(pathParameters.jobId), body)),
);
