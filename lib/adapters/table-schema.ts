// The one DynamoDB table every part of rostermatch shares (onboarding records, jobs, accepted review
// pairs, audit). Infra (CDK), the local stack and the test setup all create it from this description, so
// the key schema cannot drift between AWS and local runs.

import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';

export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds. dynalite never expires items, so readers also filter `expiresAt < now` themselves. */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [{ indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
} as const;

/** CreateTable input for local servers (dynalite); on-demand billing like the CDK table. */
export function createTableInput(tableName: string) {
  const gsi = TABLE_SCHEMA.globalSecondaryIndexes[0];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      TABLE_SCHEMA.partitionKey,
      TABLE_SCHEMA.sortKey,
      gsi.partitionKey,
      gsi.sortKey,
    ].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'ALL' as const },
      },
    ],
  };
}

/**
 * Creates the table on a local server (an existing one is kept) and waits until it is ACTIVE: dynalite
 * answers CreateTable before the table accepts writes, so a write straight after it can fail under load.
 */
export async function createLocalTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await dynamo.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists(
    { client: dynamo, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.5 },
    { TableName: tableName },
  );
}
