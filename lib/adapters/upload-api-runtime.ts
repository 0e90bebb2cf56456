// Composition root of the upload routes (POST /uploads, GET /uploads/{jobId}, POST .../review): the job
// store, the bucket and the district directory. It imports only the table and bucket adapters, so these
// functions load no mail, KMS, Secrets Manager or Clever code at Lambda init.
import type { Config } from '../config.ts';
import type { DistrictDirectory } from '../ports/district-directory.ts';
import { DynamoJobStore } from './dynamo-job-store.ts';
import { DynamoOnboardingStore } from './dynamo-onboarding-store.ts';
import { S3ObjectStore } from './s3-object-store.ts';
import { createStorageClients, type StorageClients } from './storage-clients.ts';

export function createUploadApiRuntime(
  config: Config,
  clients: StorageClients = createStorageClients(config),
) {
  return {
    jobs: new DynamoJobStore(clients.dynamo, config.tableName),
    objects: new S3ObjectStore(clients.s3, config.bucketName),
    districts: new DynamoOnboardingStore(clients.dynamo, config.tableName) as DistrictDirectory,
    settings: {
      maxUploadBytes: config.uploads.maxBytes,
      uploadUrlExpirySeconds: config.uploads.urlExpirySeconds,
      resultLinkExpirySeconds: config.uploads.resultLinkExpirySeconds,
    },
  };
}
