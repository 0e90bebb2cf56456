// Clients for the local servers of test/global-setup.ts, with a fresh bucket and table per call.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { provisionLocalResources } from '../../../infra/local/provision.ts';
import { createAwsClients } from '../../../lib/adapters/aws-clients.ts';
import { parseConfig } from '../../../lib/config.ts';

export async function freshLocalAws() {
  const name = `a-${randomUUID().slice(0, 8)}`;
  const config = parseConfig({
    AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ENDPOINT_URL_SESV2: inject('sesEndpoint'),
    BUCKET_NAME: name,
    TABLE_NAME: name,
  });
  const clients = createAwsClients(config);
  await provisionLocalResources(clients, { bucket: name, table: name });
  return { config, clients, bucket: name, table: name, sesEndpoint: inject('sesEndpoint') };
}
