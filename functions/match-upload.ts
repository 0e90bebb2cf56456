// S3 ObjectCreated under `uploads/` → match, result, job update, email. Throws on temporary failures so
// Lambda retries the event (and, after the last retry, sends it to the on-failure destination).
import type { Context, S3Event } from 'aws-lambda';
import { createLogger } from '../lib/adapters/logger.ts';
import { createPipelineRuntime } from '../lib/adapters/pipeline-runtime.ts';
import { loadConfig } from '../lib/config.ts';
import { processUploadedObject } from '../lib/pipeline/process-upload.ts';

const config = loadConfig();
const runtime = createPipelineRuntime(config);
const logger = createLogger('match-upload', config.logLevel);
const deps = runtime.processDeps(logger);

export async function handler(event: S3Event, context: Context): Promise<void> {
  for (const [index, record] of event.Records.entries()) {
    if (record.s3.bucket.name !== config.bucketName) continue;
    // S3 URL-encodes keys in events, with '+' for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const outcome = await processUploadedObject(deps, key, `${context.awsRequestId}#${index}`);
    logger.info('upload event handled', { outcome });
  }
}
