// Composition root of the upload pipeline: turns the parsed config into the ports the use cases take.
// Each Lambda module calls it once at initialisation; the local stack and tests call it with their own config.
import type { Config } from '../config.ts';
import type { EmailSettings } from '../pipeline/job-email.ts';
import type { DistrictDirectory } from '../ports/district-directory.ts';
import type { PipelineLogger } from '../ports/logger.ts';
import { type AwsClients, createAwsClients } from './aws-clients.ts';
import { cleverCredentialsSource } from './clever-credentials.ts';
import { createCleverRosterSource } from './clever-roster-source.ts';
import { DynamoJobStore } from './dynamo-job-store.ts';
import { DynamoOnboardingStore } from './dynamo-onboarding-store.ts';
import { S3ObjectStore } from './s3-object-store.ts';
import { SesMailer } from './ses-mailer.ts';
import { createTokenCipher } from './token-cipher.ts';

export function createPipelineRuntime(config: Config, clients: AwsClients = createAwsClients(config)) {
  const email: EmailSettings = {
    attachResult: config.email.attachResult,
    attachmentMaxBytes: config.email.attachmentMaxBytes,
    resultLinkExpirySeconds: config.uploads.resultLinkExpirySeconds,
    publicBaseUrl: config.publicBaseUrl,
  };
  const districtStore = new DynamoOnboardingStore(clients.dynamo, config.tableName);
  const districts: DistrictDirectory = districtStore;
  return {
    clients,
    jobs: new DynamoJobStore(clients.dynamo, config.tableName),
    objects: new S3ObjectStore(clients.s3, config.bucketName),
    districts,
    email,
    settings: {
      maxUploadBytes: config.uploads.maxBytes,
      uploadUrlExpirySeconds: config.uploads.urlExpirySeconds,
      resultLinkExpirySeconds: config.uploads.resultLinkExpirySeconds,
    },
    mailer: () => new SesMailer(clients.ses, config.email.sender, config.email.configurationSet),
    /** The match function's roster: only it reads (and re-stores) district tokens. */
    roster: (log: PipelineLogger) =>
      createCleverRosterSource({
        apiBase: config.clever.apiBase,
        oauthBase: config.clever.oauthBase,
        credentials: cleverCredentialsSource(config.clever, clients.secrets),
        storage: { store: districtStore, cipher: createTokenCipher(config, clients), log },
      }),
  };
}
