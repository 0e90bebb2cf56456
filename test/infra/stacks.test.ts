import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { ROUTES } from '../../lib/http/routes.ts';

let data: Template;
let matching: Template;
let api: Template;
let synthError: unknown;

beforeAll(() => {
  const { context } = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> };
  // Bundling is skipped here (esbuild output is checked by `npm run synth`); templates are otherwise identical.
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildApp(app);
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  data = Template.fromStack(stacks.data);
  matching = Template.fromStack(stacks.matching);
  api = Template.fromStack(stacks.api);
});

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

describe('infrastructure', () => {
  it('passes the cdk-nag AwsSolutions checks', () => {
    expect(synthError).toBeUndefined();
  });

  it('expires uploads/ and results/ after 30 days', () => {
    matching.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'uploads/', ExpirationInDays: 30, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'results/', ExpirationInDays: 30, Status: 'Enabled' }),
        ]),
      },
    });
  });

  it('triggers the match function for uploads/ only, never for its own results/', () => {
    const [[, notifications]] = resources(matching, 'Custom::S3BucketNotifications');
    const configs = (
      notifications.Properties.NotificationConfiguration as {
        LambdaFunctionConfigurations: {
          Filter: { Key: { FilterRules: { Name: string; Value: string }[] } };
        }[];
      }
    ).LambdaFunctionConfigurations;
    expect(configs).toHaveLength(1);
    expect(configs[0].Filter.Key.FilterRules).toEqual([{ Name: 'prefix', Value: 'uploads/' }]);
  });

  it('keeps the files bucket private, TLS-only and KMS-encrypted with a bucket key', () => {
    matching.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }),
          }),
        ],
      },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['POST'] })] },
    });
    const policies = resources(matching, 'AWS::S3::BucketPolicy').map(([, p]) =>
      JSON.stringify(p.Properties),
    );
    expect(policies.every((policy) => policy.includes('"aws:SecureTransport":"false"'))).toBe(true);
  });

  it('has one table with the shared key schema, TTL on expiresAt and point-in-time recovery', () => {
    data.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it('lets only the match function decrypt district tokens, and only with the token encryption context', () => {
    const [[tokenKeyId]] = resources(data, 'AWS::KMS::Key').filter(([id]) => id.startsWith('TokenKey'));
    const decryptors = [matching, api].flatMap((template) =>
      resources(template, 'AWS::IAM::Policy')
        .filter(([, policy]) => {
          const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
            .Statement;
          return statements.some(
            (s) =>
              JSON.stringify(s.Action).includes('kms:Decrypt') &&
              JSON.stringify(s.Resource).includes(tokenKeyId),
          );
        })
        .map(([id, policy]) => ({ id, policy: JSON.stringify(policy.Properties) })),
    );
    expect(decryptors.map((d) => d.id)).toHaveLength(1);
    expect(decryptors[0].id).toMatch(/^MatchUpload/);
    expect(decryptors[0].policy).toContain('"kms:EncryptionContext:purpose":"clever-district-token"');
  });

  it('lets only the token importers and the match function encrypt district tokens, with the token context', () => {
    const [[tokenKeyId]] = resources(data, 'AWS::KMS::Key').filter(([id]) => id.startsWith('TokenKey'));
    const encryptors = [matching, api].flatMap((template) =>
      resources(template, 'AWS::IAM::Policy').flatMap(([id, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement.filter(
          (s) =>
            JSON.stringify(s.Action).includes('kms:Encrypt') &&
            JSON.stringify(s.Resource).includes(tokenKeyId),
        ).map((statement) => ({ id, statement })),
      ),
    );
    expect(encryptors.map(({ id }) => id.replace(/ServiceRole.*$/, '')).sort()).toEqual([
      'ImportTokens',
      'MatchUpload',
      'ScheduledTokenImport',
    ]);
    for (const { statement } of encryptors)
      expect(statement.Condition).toEqual({
        StringEquals: { 'kms:EncryptionContext:purpose': 'clever-district-token' },
      });
  });

  it('gives no function the Clever client secret itself, and its ARN only to those that may read it', () => {
    const knowTheArn: string[] = [];
    for (const template of [matching, api]) {
      const policies = resources(template, 'AWS::IAM::Policy').map(([, policy]) => policy.Properties);
      for (const [id, fn] of resources(template, 'AWS::Lambda::Function')) {
        const variables = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables;
        if (!variables?.TABLE_NAME) continue;
        expect(Object.keys(variables), id).not.toContain('CLEVER_CLIENT_SECRET');
        const role = JSON.stringify((fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
        const secretReads = policies
          .filter((policy) => JSON.stringify(policy.Roles).includes(role))
          .flatMap((policy) => (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
          .filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager:'));
        if (variables.CLEVER_CLIENT_SECRET_ARN === undefined) {
          expect(secretReads, id).toEqual([]);
          continue;
        }
        knowTheArn.push(id.replace(/[0-9A-F]{8}$/, ''));
        expect(secretReads, id).toEqual([
          expect.objectContaining({
            Action: 'secretsmanager:GetSecretValue',
            Resource: variables.CLEVER_CLIENT_SECRET_ARN,
          }),
        ]);
      }
    }
    expect(knowTheArn.sort()).toEqual([
      'CleverInstantLogin',
      'CleverLinkCallback',
      'ImportTokens',
      'MatchUpload',
      'ScheduledTokenImport',
    ]);
  });

  it('runs every function of ours on Node.js 22 with logs kept at most 30 days', () => {
    const ours = [matching, api].flatMap((template) =>
      resources(template, 'AWS::Lambda::Function').filter(([, fn]) =>
        JSON.stringify(fn.Properties.Environment ?? {}).includes('TABLE_NAME'),
      ),
    );
    expect(ours.length).toBeGreaterThanOrEqual(ROUTES.length);
    for (const [, fn] of ours) expect(fn.Properties.Runtime).toBe('nodejs22.x');
    for (const template of [matching, api])
      for (const [, group] of resources(template, 'AWS::Logs::LogGroup'))
        expect(group.Properties.RetentionInDays).toBeLessThanOrEqual(30);
  });

  it('puts the JWT authorizer on every admin route and on no public one', () => {
    const routes = resources(api, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    for (const row of ROUTES) {
      const route = routes.find((r) => r.RouteKey === `${row.method} ${row.path}`);
      expect(route, `${row.method} ${row.path}`).toBeDefined();
      expect(route?.AuthorizationType).toBe(row.admin ? 'JWT' : 'NONE');
    }
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
  });

  it('retries the match function twice, then sends the event to a failure queue with an alarm on it', () => {
    matching.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    matching.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });

  it('sends email through an SES identity with a configuration set, and imports tokens on a schedule', () => {
    data.hasResourceProperties('AWS::SES::EmailIdentity', { ConfigurationSetAttributes: Match.anyValue() });
    api.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)' });
  });
});
