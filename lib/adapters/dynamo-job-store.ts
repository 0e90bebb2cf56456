// JobStore on the shared DynamoDB table: the job is `JOB#<jobId>`/`META`; review decisions are
// `JOB#<jobId>`/`ACCEPT#<appId>` and `REJECT#<appId>` items. Claims are conditional updates (dynalite has
// no transactions, and none are needed: each state change touches one item).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EmailDelivery, JobFailure, JobOutcome, JobRecord, ReviewPair } from '../pipeline/jobs.ts';
import type { ClaimResult, JobStore } from '../ports/job-store.ts';

const META = 'META';
const jobKey = (jobId: string) => ({ pk: `JOB#${jobId}`, sk: META });

export class DynamoJobStore implements JobStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(job: JobRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...jobKey(job.jobId), ...job },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: jobKey(jobId), ConsistentRead: true }),
    );
    // dynalite never deletes expired items, and real TTL deletion lags: an expired job is gone.
    if (!Item || (Item.expiresAt as number) < Math.floor(Date.now() / 1000)) return undefined;
    return toJob(Item);
  }

  async claim(jobId: string, invocationId: string, at: string): Promise<ClaimResult> {
    const updated = await this.conditionalUpdate(
      jobId,
      'SET #status = :processing, claimedBy = :me, startedAt = :at REMOVE failure',
      '#status = :awaiting OR (#status = :failed AND failure.retrying = :true) OR (#status = :processing AND claimedBy = :me)',
      {
        ':processing': 'processing',
        ':awaiting': 'awaiting_upload',
        ':failed': 'failed',
        ':true': true,
        ':me': invocationId,
        ':at': at,
      },
    );
    return updated ? { claimed: true, job: updated } : { claimed: false, job: await this.get(jobId) };
  }

  async complete(jobId: string, invocationId: string, outcome: JobOutcome, at: string): Promise<JobRecord> {
    return this.finish(
      jobId,
      invocationId,
      'SET #status = :completed, outcome = :outcome, finishedAt = :at',
      {
        ':completed': 'completed',
        ':outcome': outcome,
        ':at': at,
      },
    );
  }

  async fail(jobId: string, invocationId: string, failure: JobFailure, at: string): Promise<JobRecord> {
    return this.finish(
      jobId,
      invocationId,
      'SET #status = :failedState, failure = :failure, finishedAt = :at',
      {
        ':failedState': 'failed',
        ':failure': failure,
        ':at': at,
      },
    );
  }

  private async finish(
    jobId: string,
    invocationId: string,
    update: string,
    values: Record<string, unknown>,
  ): Promise<JobRecord> {
    const updated = await this.conditionalUpdate(jobId, update, 'claimedBy = :me AND #status = :processing', {
      ...values,
      ':me': invocationId,
      ':processing': 'processing',
    });
    if (!updated) throw new Error(`Job ${jobId} is no longer held by this invocation`);
    return updated;
  }

  async claimEmail(jobId: string, invocationId: string): Promise<boolean> {
    const updated = await this.conditionalUpdate(
      jobId,
      'SET email = :email',
      'attribute_not_exists(email) OR (email.claimedBy = :me AND email.#state <> :sent)',
      { ':email': { state: 'sending', claimedBy: invocationId }, ':me': invocationId, ':sent': 'sent' },
      { '#state': 'state' },
    );
    return updated !== undefined;
  }

  async recordEmail(jobId: string, delivery: EmailDelivery): Promise<void> {
    await this.conditionalUpdate(jobId, 'SET email = :email', 'email.claimedBy = :me', {
      ':email': delivery,
      ':me': delivery.claimedBy,
    });
  }

  async saveReview(
    { jobId, expiresAt }: Pick<JobRecord, 'jobId' | 'expiresAt'>,
    accepted: ReviewPair[],
    rejected: ReviewPair[],
  ): Promise<number> {
    const pk = `JOB#${jobId}`;
    const items = [
      ...accepted.map((pair) => ({ pk, sk: `ACCEPT#${pair.appId}`, ...pair, expiresAt })),
      ...rejected.map((pair) => ({ pk, sk: `REJECT#${pair.appId}#${pair.cleverId}`, ...pair, expiresAt })),
    ];
    for (let start = 0; start < items.length; start += 25) {
      let pending: Record<string, unknown>[] = items
        .slice(start, start + 25)
        .map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const response = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }),
        );
        pending = (response.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
      }
    }
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: jobKey(jobId),
        UpdateExpression: 'ADD reviewRevision :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Attributes?.reviewRevision as number;
  }

  async listReview(jobId: string): Promise<{ accepted: ReviewPair[]; rejected: ReviewPair[] }> {
    const accepted: ReviewPair[] = [];
    const rejected: ReviewPair[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `JOB#${jobId}` },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) {
        const pair = { appId: item.appId as string, cleverId: item.cleverId as string };
        if ((item.sk as string).startsWith('ACCEPT#')) accepted.push(pair);
        else if ((item.sk as string).startsWith('REJECT#')) rejected.push(pair);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { accepted, rejected };
  }

  async recordReissue(jobId: string, revision: number, outcome: JobOutcome, at: string): Promise<boolean> {
    const updated = await this.conditionalUpdate(
      jobId,
      'SET outcome = :outcome, issuedRevision = :revision, reissuedAt = :at',
      'attribute_not_exists(issuedRevision) OR issuedRevision < :revision',
      { ':outcome': outcome, ':revision': revision, ':at': at },
    );
    return updated !== undefined;
  }

  /** The updated job, or undefined when the condition did not hold. */
  private async conditionalUpdate(
    jobId: string,
    update: string,
    condition: string,
    values: Record<string, unknown>,
    extraNames: Record<string, string> = {},
  ): Promise<JobRecord | undefined> {
    const names: Record<string, string> = { ...extraNames };
    if (`${update} ${condition}`.includes('#status')) names['#status'] = 'status';
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: jobKey(jobId),
          UpdateExpression: update,
          ConditionExpression: `attribute_exists(pk) AND (${condition})`,
          ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toJob(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}

function toJob(item: Record<string, unknown>): JobRecord {
  const { pk: _pk, sk: _sk, ...job } = item;
  return job as unknown as JobRecord;
}
