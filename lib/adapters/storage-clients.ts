// The table and bucket clients, in a module of their own so the upload routes, which need nothing else,
// load neither SES, KMS nor Secrets Manager at Lambda init. Each is built on first use, once per container.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';

export interface StorageClients {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
}

export function createStorageClients(config: Pick<Config, 'aws'>): StorageClients {
  const { region, endpoints } = config.aws;
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
  return {
    get s3() {
      return s3();
    },
    get dynamo() {
      return dynamo();
    },
  };
}

/** A factory that builds its value on the first call and returns that same value ever after. */
export function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}
