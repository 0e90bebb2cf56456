// Composition root of the match function: the upload routes' ports (upload-api-runtime.ts) plus the mailer
// and the Clever roster. It calls it once at initialisation; the local stack and tests call it with their
// own config.
import type { Config } from '../config.ts';
import type { EmailSettings } from '../pipeline/job-email.ts';
import type { ProcessUploadDeps } from '../pipeline/process-upload.ts';
import type { PipelineLogger } from '../ports/logger.ts';
import { type AwsClients, createAwsClients } from './aws-clients.ts';
import { cleverCredentialsSource } from './clever-credentials.ts';
import { createCleverRosterSource } from './clever-roster-source.ts';
import { DynamoOnboardingStore } from './dynamo-onboarding-store.ts';
import { SesMailer } from './ses-mailer.ts';
import { createTokenCipher } from './token-cipher.ts';
import { createUploadApiRuntime } from './upload-api-runtime.ts';

export function createPipelineRuntime(config: Config, clients: AwsClients = createAwsClients(config)) {
  const upload = createUploadApiRuntime(config, clients);
  const email: EmailSettings = {
    attachResult: config.email.attachResult,
    attachmentMaxBytes: config.email.attachmentMaxBytes,
    resultLinkExpirySeconds: config.uploads.resultLinkExpirySeconds,
    publicBaseUrl: config.publicBaseUrl,
  };
  return {
    ...upload,
    clients,
    /** What processUploadedObject takes; the roster is the only reader (and re-storer) of district tokens. */
    processDeps: (log: PipelineLogger): ProcessUploadDeps => ({
      jobs: upload.jobs,
      objects: upload.objects,
      mailer: new SesMailer(clients.ses, config.email.sender, config.email.configurationSet),
      roster: createCleverRosterSource({
        apiBase: config.clever.apiBase,
        oauthBase: config.clever.oauthBase,
        credentials: cleverCredentialsSource(config.clever, clients.secrets),
        storage: {
          store: new DynamoOnboardingStore(clients.dynamo, config.tableName),
          cipher: createTokenCipher(config, clients),
          log,
        },
      }),
      log,
      email,
      maxUploadBytes: upload.settings.maxUploadBytes,
    }),
  };
}
