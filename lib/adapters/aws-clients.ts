// The composition root's SDK clients, built once per container from the parsed config. Locally the
// endpoints point at s3rver, dynalite and aws-ses-v2-local; in AWS they are unset and the SDK defaults apply.
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
  return {
    // s3rver (local) needs path-style URLs, accepts only the access key "S3RVER", and stores aws-chunked
    // streaming bodies verbatim, so checksums are sent only where an operation requires them.
    s3: new S3Client(
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
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({ region, endpoint: endpoints.dynamodb }), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    ses: new SESv2Client({ region, endpoint: endpoints.sesv2 }),
    kms: new KMSClient({ region, endpoint: endpoints.kms }),
    secrets: new SecretsManagerClient({ region }),
  };
}
