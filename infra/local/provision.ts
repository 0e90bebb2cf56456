// Creates the bucket and the shared table on the local servers (idempotent), from the same TABLE_SCHEMA
// the CDK data stack uses.
import { CreateTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { BucketAlreadyOwnedByYou, CreateBucketCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../lib/adapters/aws-clients.ts';
import { createTableInput } from '../../lib/adapters/table-schema.ts';

export async function provisionLocalResources(
  clients: Pick<AwsClients, 's3' | 'dynamo'>,
  names: { bucket: string; table: string },
): Promise<void> {
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: names.bucket }));
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou) && (error as Error).name !== 'BucketAlreadyExists')
      throw error;
  }
  try {
    await clients.dynamo.send(new CreateTableCommand(createTableInput(names.table)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
