// The composition root's SDK clients, each built once per container (when first used) from the parsed
// config. Locally the endpoints point at s3rver, dynalite and aws-ses-v2-local; in AWS they are unset and
// the SDK defaults apply.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';

export interface AwsClients {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  ses: SESv2Client;
  kms: KMSClient;
  secrets: SecretsManagerClient;
}

export function createAwsClients(config: Pick<Config, 'aws'>): AwsClients {
  const { region, endpoints } = config.aws;
  // Each client is built on first use, so a function builds only the clients it calls, not all five at
  // module start-up (Lambda init), and every later use gets the same instance.
  const s3 = once(
    () =>
      // s3rver (local) needs path-style URLs, accepts only the access key "S3RVER", and stores aws-chunked
      // streaming bodies verbatim, so checksums are sent only where an operation requires them.
      new S3Client(
        endpoints.s3
          ? {
              region,
              endpoint: endpoints.s3,
              forcePathStyle: true,
              credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
              requestChecksumCalculation: 'WHEN_REQUIRED',
            }
          : { region },
      ),
  );
  const dynamo = once(() =>
    DynamoDBDocumentClient.from(new DynamoDBClient({ region, endpoint: endpoints.dynamodb }), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  );
  const ses = once(() => new SESv2Client({ region, endpoint: endpoints.sesv2 }));
  const kms = once(() => new KMSClient({ region, endpoint: endpoints.kms }));
  const secrets = once(() => new SecretsManagerClient({ region }));
  return {
    get s3() {
      return s3();
    },
    get dynamo() {
      return dynamo();
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

function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}
