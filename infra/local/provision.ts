import { BucketAlreadyOwnedByYou, CreateBucketCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../lib/adapters/aws-clients.ts';
import { createLocalTable } from '../../lib/adapters/table-schema.ts';

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
  await createLocalTable(clients.dynamo, names.table);
}
