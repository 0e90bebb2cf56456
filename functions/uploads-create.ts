// POST /uploads → job record + presigned POST.
import { createLogger } from '../lib/adapters/logger.ts';
import { createUploadApiRuntime } from '../lib/adapters/upload-api-runtime.ts';
import { loadConfig } from '../lib/config.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { jsonResponse } from '../lib/http/responses.ts';
import { createUpload } from '../lib/pipeline/create-upload.ts';
import { uploadRequestSchema } from '../lib/pipeline/requests.ts';

const config = loadConfig();
const runtime = createUploadApiRuntime(config);

export const handler = createHttpHandler(
  {
    logger: createLogger('uploads-create', config.logLevel),
    route: 'CreateUpload',
    auth: { adminToken: config.adminToken },
    body: uploadRequestSchema,
  },
  async ({ body, principal }) => jsonResponse(201, await createUpload(runtime, body, principal ?? 'unknown')),
);
