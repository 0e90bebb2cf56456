// The composition root's SDK clients, each built once per container (when first used) from the parsed
// config. Locally the endpoints point at s3rver, dynalite and aws-ses-v2-local; in AWS they are unset and
// the SDK defaults apply.
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../config.ts';
import { createStorageClients, once, type StorageClients } from './storage-clients.ts';

export interface AwsClients extends StorageClients {
  ses: SESv2Client;
  kms: KMSClient;
  secrets: SecretsManagerClient;
}

export function createAwsClients(config: Pick<Config, 'aws'>): AwsClients {
  const { region, endpoints } = config.aws;
  const storage = createStorageClients(config);
  const ses = once(() => new SESv2Client({ region, endpoint: endpoints.sesv2 }));
  const kms = once(() => new KMSClient({ region, endpoint: endpoints.kms }));
  const secrets = once(() => new SecretsManagerClient({ region }));
  return {
    get s3() {
      return storage.s3;
    },
    get dynamo() {
      return storage.dynamo;
    },
    get ses() {
      return ses();
    },
    get kms() {
      return kms();
    },
    get secrets() {
      return secrets();
    },
  };
}
