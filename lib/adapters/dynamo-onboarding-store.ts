// OnboardingStore on the shared DynamoDB table. Every claim is a single-item conditional write (dynalite,
// used locally, has no transactions): consuming a link state, spending an authorization code, adding a
// district to an org and pointing a district at an org each succeed for exactly one racing writer.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  AuditEntry,
  DistrictClaim,
  DistrictImport,
  DistrictRecord,
  LinkStateRecord,
  LinkStateRefusal,
  LoginSessionRecord,
  OnboardingStore,
  OrgProfile,
  OrgRecord,
} from '../ports/onboarding.ts';

const ORG_SK = 'ORG';
const DISTRICT_SK = 'DISTRICT';
/** gsi1 partitions that list every org / district (both are small collections, read whole by the admin view). */
const ORGS_INDEX = 'ORGS';
const DISTRICTS_INDEX = 'DISTRICTS';

const orgKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: ORG_SK });
const districtKey = (districtId: string) => ({ pk: `DISTRICT#${districtId}`, sk: DISTRICT_SK });
const linkStateKey = (handleHash: string) => ({ pk: `LINKSTATE#${handleHash}`, sk: 'LINKSTATE' });
const codeKey = (codeHash: string) => ({ pk: `OAUTHCODE#${codeHash}`, sk: 'OAUTHCODE' });
const sessionKey = (sessionHash: string) => ({ pk: `SESSION#${sessionHash}`, sk: 'SESSION' });

type Item = Record<string, unknown>;

function strings(value: unknown): string[] {
  if (value instanceof Set) return [...value].map(String).sort();
  return Array.isArray(value) ? value.map(String) : [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function toOrg(item: Item): OrgRecord {
  return {
    orgId: String(item.orgId),
    name: String(item.name),
    usState: optionalString(item.usState),
    mdrNumbers: strings(item.mdrNumbers),
    ncesIds: strings(item.ncesIds),
    emailDomains: strings(item.emailDomains),
    districtIds: strings(item.districtIds),
  };
}

function toDistrict(item: Item): DistrictRecord {
  return {
    districtId: String(item.districtId),
    name: optionalString(item.name),
    mdrNumber: optionalString(item.mdrNumber),
    ncesId: optionalString(item.ncesId),
    usState: optionalString(item.usState),
    schoolCount: typeof item.schoolCount === 'number' ? item.schoolCount : undefined,
    emailDomains: strings(item.emailDomains),
    connection: (item.connectionState as DistrictRecord['connection']) ?? 'not_connected',
    orgId: optionalString(item.orgId),
    linkedAt: optionalString(item.linkedAt),
    linkedBy: optionalString(item.linkedBy),
    firstSeenAt: String(item.firstSeenAt),
    tokenSeenAt: optionalString(item.tokenSeenAt),
    disconnectedAt: optionalString(item.disconnectedAt),
    tokenFingerprint: optionalString(item.tokenFingerprint),
    tokenCiphertext: optionalString(item.tokenCiphertext),
    loginAttempts: typeof item.loginAttempts === 'number' ? item.loginAttempts : 0,
    lastLoginAt: optionalString(item.lastLoginAt),
    loginUserTypes: strings(item.loginUserTypes),
    openConflicts: typeof item.openConflicts === 'number' ? item.openConflicts : 0,
  };
}

const DISTRICT_DEFAULTS = {
  firstSeenAt: 'if_not_exists(firstSeenAt, :at)',
  connectionState: 'if_not_exists(connectionState, :notConnected)',
  loginAttempts: 'if_not_exists(loginAttempts, :zero)',
  openConflicts: 'if_not_exists(openConflicts, :zero)',
  emailDomains: 'if_not_exists(emailDomains, :noDomains)',
} as const;

/**
 * SET clauses that make an update create a well-formed district record when none exists yet, except for
 * the attributes the caller writes itself (DynamoDB refuses two clauses on one attribute).
 */
function districtDefaults(districtId: string, at: string, written: readonly string[]) {
  const clauses = Object.entries(DISTRICT_DEFAULTS)
    .filter(([attribute]) => !written.includes(attribute))
    .map(([attribute, expression]) => `${attribute} = ${expression}`);
  clauses.push('districtId = :districtId', 'gsi1pk = :districtsIndex', 'gsi1sk = :districtId');
  const values: Item = { ':districtId': districtId, ':districtsIndex': DISTRICTS_INDEX, ':at': at };
  if (clauses.some((clause) => clause.includes(':notConnected'))) values[':notConnected'] = 'not_connected';
  if (clauses.some((clause) => clause.includes(':zero'))) values[':zero'] = 0;
  if (clauses.some((clause) => clause.includes(':noDomains'))) values[':noDomains'] = [];
  return { clauses, values };
}

/** Drops undefined attributes, whatever marshalling options the shared document client was built with. */
function defined(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined));
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}

/** The write's result, or undefined when its condition did not hold. */
async function unlessConditionFails<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

export class DynamoOnboardingStore implements OnboardingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async get(key: Item): Promise<Item | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  /** Every item listed under one gsi1 index partition (all orgs, all districts). */
  private listIndex(index: string): Promise<Item[]> {
    return this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :index',
      ExpressionAttributeValues: { ':index': index },
    });
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Runs a conditional update; undefined when the condition did not hold. */
  private conditionalUpdate(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    return unlessConditionFails(this.client.send(new UpdateCommand({ ...input, TableName: this.tableName })));
  }

  async putOrg(org: OrgProfile): Promise<void> {
    // An update, not a put: the org's linked districts are written only by the conditional claims.
    const values: Item = {
      ':orgsIndex': ORGS_INDEX,
      ':orgId': org.orgId,
      ':name': org.name,
      ':mdrNumbers': org.mdrNumbers,
      ':ncesIds': org.ncesIds,
      ':emailDomains': org.emailDomains,
    };
    const set = [
      'gsi1pk = :orgsIndex',
      'gsi1sk = :orgId',
      'orgId = :orgId',
      '#name = :name',
      'mdrNumbers = :mdrNumbers',
      'ncesIds = :ncesIds',
      'emailDomains = :emailDomains',
    ];
    if (org.usState) {
      set.push('usState = :usState');
      values[':usState'] = org.usState;
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: orgKey(org.orgId),
        UpdateExpression: `SET ${set.join(', ')}${org.usState ? '' : ' REMOVE usState'}`,
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  async getOrg(orgId: string): Promise<OrgRecord | undefined> {
    const item = await this.get(orgKey(orgId));
    return item ? toOrg(item) : undefined;
  }

  async listOrgs(): Promise<OrgRecord[]> {
    return (await this.listIndex(ORGS_INDEX)).map(toOrg);
  }

  async getDistrict(districtId: string): Promise<DistrictRecord | undefined> {
    const item = await this.get(districtKey(districtId));
    return item ? toDistrict(item) : undefined;
  }

  async listDistricts(): Promise<DistrictRecord[]> {
    return (await this.listIndex(DISTRICTS_INDEX)).map(toDistrict);
  }

  async upsertImportedDistrict(district: DistrictImport, at: string): Promise<void> {
    const written = ['connectionState', 'emailDomains'];
    const defaults = districtDefaults(district.districtId, at, written);
    const set = [
      ...defaults.clauses,
      '#name = :name',
      'schoolCount = :schoolCount',
      'emailDomains = :emailDomains',
      'connectionState = :connected',
      'tokenSeenAt = :at',
      'tokenCiphertext = :ciphertext',
      'tokenFingerprint = :fingerprint',
    ];
    const remove = ['disconnectedAt'];
    const values: Item = {
      ...defaults.values,
      ':name': district.name,
      ':schoolCount': district.schoolCount,
      ':emailDomains': district.emailDomains,
      ':connected': 'connected',
      ':ciphertext': district.tokenCiphertext,
      ':fingerprint': district.tokenFingerprint,
    };
    for (const [attribute, value] of [
      ['mdrNumber', district.mdrNumber],
      ['ncesId', district.ncesId],
      ['usState', district.usState],
    ] as const) {
      if (value) {
        set.push(`${attribute} = :${attribute}`);
        values[`:${attribute}`] = value;
      } else remove.push(attribute);
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: districtKey(district.districtId),
        UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  async setDistrictToken(districtId: string, tokenCiphertext: string, tokenFingerprint: string, at: string) {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: districtKey(districtId),
        UpdateExpression:
          'SET tokenCiphertext = :ciphertext, tokenFingerprint = :fingerprint, tokenSeenAt = :at, connectionState = :connected REMOVE disconnectedAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':ciphertext': tokenCiphertext,
          ':fingerprint': tokenFingerprint,
          ':at': at,
          ':connected': 'connected',
        },
      }),
    );
  }

  async setConnection(districtId: string, connection: 'disconnected' | 'needs_attention', at: string) {
    await this.conditionalUpdate({
      Key: districtKey(districtId),
      UpdateExpression: `SET connectionState = :connection${connection === 'disconnected' ? ', disconnectedAt = :at' : ''} REMOVE tokenCiphertext, tokenFingerprint`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: {
        ':connection': connection,
        ...(connection === 'disconnected' ? { ':at': at } : {}),
      },
    });
  }

  async recordLoginAttempt(districtId: string, userType: string, at: string): Promise<void> {
    const defaults = districtDefaults(districtId, at, ['loginAttempts']);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: districtKey(districtId),
        UpdateExpression: `SET ${[...defaults.clauses, 'lastLoginAt = :at'].join(', ')} ADD loginAttempts :one, loginUserTypes :userType`,
        ExpressionAttributeValues: { ...defaults.values, ':one': 1, ':userType': new Set([userType]) },
      }),
    );
  }

  async recordConflict(districtId: string, at: string): Promise<void> {
    const defaults = districtDefaults(districtId, at, ['openConflicts']);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: districtKey(districtId),
        UpdateExpression: `SET ${defaults.clauses.join(', ')} ADD openConflicts :one`,
        ExpressionAttributeValues: { ...defaults.values, ':one': 1 },
      }),
    );
  }

  async putLinkState(state: LinkStateRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: defined({ ...linkStateKey(state.handleHash), ...state }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async consumeLinkState(
    handleHash: string,
    sessionHash: string,
    nowEpochSeconds: number,
  ): Promise<{ ok: true; state: LinkStateRecord } | { ok: false; reason: LinkStateRefusal }> {
    // Marked used rather than deleted, so a replay is told apart from a forged handle.
    const updated = await this.conditionalUpdate({
      Key: linkStateKey(handleHash),
      UpdateExpression: 'SET usedAt = :now',
      ConditionExpression:
        'attribute_exists(pk) AND attribute_not_exists(usedAt) AND sessionHash = :session AND expiresAt > :now',
      ExpressionAttributeValues: { ':now': nowEpochSeconds, ':session': sessionHash },
      ReturnValues: 'ALL_NEW',
    });
    if (updated?.Attributes) {
      const item = updated.Attributes;
      return {
        ok: true,
        state: {
          handleHash,
          orgId: String(item.orgId),
          createdBy: String(item.createdBy),
          sessionHash: String(item.sessionHash),
          returnTo: optionalString(item.returnTo),
          createdAt: String(item.createdAt),
          expiresAt: Number(item.expiresAt),
        },
      };
    }
    const item = await this.get(linkStateKey(handleHash));
    if (!item) return { ok: false, reason: 'unknown' };
    if (item.usedAt !== undefined) return { ok: false, reason: 'used' };
    if (Number(item.expiresAt) <= nowEpochSeconds) return { ok: false, reason: 'expired' };
    return { ok: false, reason: 'foreign_session' };
  }

  async claimAuthorizationCode(codeHash: string, expiresAt: number): Promise<boolean> {
    const put = await unlessConditionFails(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...codeKey(codeHash), expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return put !== undefined;
  }

  async addDistrictToOrg(
    orgId: string,
    districtId: string,
    options: { exclusive: boolean },
  ): Promise<boolean> {
    const exclusive = options.exclusive
      ? ' AND (attribute_not_exists(districtIds) OR contains(districtIds, :districtId))'
      : '';
    const updated = await this.conditionalUpdate({
      Key: orgKey(orgId),
      UpdateExpression: 'ADD districtIds :districtSet',
      ConditionExpression: `attribute_exists(pk)${exclusive}`,
      ExpressionAttributeValues: {
        ':districtSet': new Set([districtId]),
        ...(options.exclusive ? { ':districtId': districtId } : {}),
      },
    });
    return updated !== undefined;
  }

  async removeDistrictFromOrg(orgId: string, districtId: string): Promise<void> {
    await this.conditionalUpdate({
      Key: orgKey(orgId),
      UpdateExpression: 'DELETE districtIds :districtSet',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':districtSet': new Set([districtId]) },
    });
  }

  async setDistrictOrg(
    districtId: string,
    orgId: string | undefined,
    expectedOrgId: string | undefined,
    by: string,
    at: string,
  ): Promise<DistrictClaim> {
    const expected = expectedOrgId === undefined ? 'attribute_not_exists(orgId)' : 'orgId = :expected';
    const values: Item = expectedOrgId === undefined ? {} : { ':expected': expectedOrgId };
    let input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>;
    if (orgId === undefined) {
      input = {
        Key: districtKey(districtId),
        UpdateExpression: 'REMOVE orgId, linkedAt, linkedBy',
        ConditionExpression: `attribute_exists(pk) AND ${expected}`,
        ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
        ReturnValues: 'ALL_OLD',
      };
    } else {
      const defaults = districtDefaults(districtId, at, []);
      input = {
        Key: districtKey(districtId),
        UpdateExpression: `SET ${[...defaults.clauses, 'orgId = :orgId', 'linkedAt = :at', 'linkedBy = :by'].join(', ')}`,
        ConditionExpression: `${expected} OR orgId = :orgId`,
        ExpressionAttributeValues: { ...values, ...defaults.values, ':orgId': orgId, ':by': by },
        ReturnValues: 'ALL_OLD',
      };
    }
    const updated = await this.conditionalUpdate(input);
    if (updated) return { ok: true, previousOrgId: optionalString(updated.Attributes?.orgId) };
    return { ok: false, currentOrgId: (await this.getDistrict(districtId))?.orgId };
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    // The random suffix keeps two entries written in the same millisecond apart.
    const suffix = Math.random().toString(36).slice(2, 10);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: defined({ pk: `AUDIT#${entry.districtId}`, sk: `${entry.at}#${suffix}`, ...entry }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async listAudit(districtId: string): Promise<AuditEntry[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${districtId}` },
    });
    return items.map((item) => ({
      districtId: String(item.districtId),
      at: String(item.at),
      actor: String(item.actor),
      action: item.action as AuditEntry['action'],
      fromOrgId: optionalString(item.fromOrgId),
      toOrgId: optionalString(item.toOrgId),
      evidence: strings(item.evidence),
      reason: optionalString(item.reason),
    }));
  }

  async putLoginSession(session: LoginSessionRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: defined({ ...sessionKey(session.sessionHash), ...session }),
      }),
    );
  }
}
