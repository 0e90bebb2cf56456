// The files and the function that consumes them: the private uploads/results bucket (its event
// notification must live in the bucket's stack), the S3-triggered match function with retries and an
// on-failure queue, and alarms on failures.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../lib/config.ts';
import { JOB_RETENTION_DAYS, UPLOAD_TRIGGER_PREFIX } from '../../lib/pipeline/jobs.ts';
import type { DataStack } from './data-stack.ts';
import { grantCleverSecret, grantTokenDecrypt, grantTokenEncrypt, sharedEnvironment } from './grants.ts';
import { createPipelineFunction } from './pipeline-function.ts';

export interface MatchingStackProps extends StackProps {
  data: DataStack;
  /** Origins allowed to POST uploads from a browser (the console). */
  allowedOrigins: string[];
  publicBaseUrl: string;
  clever: { apiBase: string; oauthBase: string; clientId: string; clientSecretArn: string };
}

export class MatchingStack extends Stack {
  readonly bucket: Bucket;
  readonly matchFunction: NodejsFunction;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: MatchingStackProps) {
    super(scope, id, props);
    const { data } = props;

    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(JOB_RETENTION_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const filesKey = new Key(this, 'FilesKey', {
      description: 'rostermatch: uploaded CSVs, result CSVs and failed upload events',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.KMS,
      encryptionKey: filesKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'files/',
      cors: [
        {
          allowedMethods: [HttpMethods.POST],
          allowedOrigins: props.allowedOrigins,
          allowedHeaders: ['*'],
          maxAge: 3000,
        },
      ],
      // Uploads and results hold student data: they expire with their job record.
      lifecycleRules: [
        { id: 'expire-uploads', prefix: 'uploads/', expiration: Duration.days(JOB_RETENTION_DAYS) },
        { id: 'expire-results', prefix: 'results/', expiration: Duration.days(JOB_RETENTION_DAYS) },
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Events that failed every retry: kept 14 days for the operator, encrypted, TLS-only.
    this.failures = new Queue(this, 'MatchFailures', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: filesKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.matchFunction = createPipelineFunction(this, 'MatchUpload', {
      entry: 'functions/match-upload.ts',
      memorySize: 2048,
      timeout: Duration.minutes(10),
      environment: {
        ...sharedEnvironment(data, this.bucket.bucketName, props.publicBaseUrl),
        CLEVER_API_BASE: props.clever.apiBase,
        CLEVER_OAUTH_BASE: props.clever.oauthBase,
        CLEVER_CLIENT_ID: props.clever.clientId,
        MAX_UPLOAD_BYTES: String(DEFAULT_MAX_UPLOAD_BYTES),
      },
    });
    this.matchFunction.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.failures),
    });

    const fn = this.matchFunction;
    this.bucket.grantRead(fn, 'uploads/*');
    this.bucket.grantRead(fn, 'results/*');
    this.bucket.grantPut(fn, 'results/*');
    data.table.grantReadWriteData(fn);
    data.emailIdentity.grantSendEmail(fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          `arn:${this.partition}:ses:${this.region}:${this.account}:configuration-set/${data.configurationSet.configurationSetName}`,
        ],
      }),
    );
    grantCleverSecret(fn, props.clever.clientSecretArn);
    // Reads the district tokens onboarding stored, and re-stores the one Clever lists after a rotation.
    grantTokenDecrypt(data, fn);
    grantTokenEncrypt(data, fn);

    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), {
      prefix: UPLOAD_TRIGGER_PREFIX,
    });

    new Alarm(this, 'MatchErrors', {
      alarmDescription:
        'The match function threw (a retry is pending or the event went to the failure queue).',
      metric: fn.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    new Alarm(this, 'MatchFailuresQueued', {
      alarmDescription: 'An upload event failed every retry and is waiting in the failure queue.',
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
