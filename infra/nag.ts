// cdk-nag AwsSolutions findings we accept, each with the reason. Anything not listed here fails synth.
import { type Stack, Validations } from 'aws-cdk-lib';

const ACKNOWLEDGED: { id: string; reason: string }[] = [
  {
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: "The AWS-managed basic execution policy only allows writing the function's own CloudWatch logs.",
  },
  {
    id: 'AwsSolutions::AwsSolutions-L1',
    reason:
      'Node.js 22 is the runtime the project targets (the code is tested on Node 20/22); Node 24 is not yet adopted.',
  },
  {
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason:
      'Only the Clever OAuth redirect URIs are unauthenticated: Clever sends browsers there; they validate state/code themselves.',
  },
  {
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason:
      'This queue is itself the on-failure destination of the match function; a DLQ of a DLQ adds nothing.',
  },
  {
    id: 'Annotation::@aws-cdk/core:crossStackReferencesDefaultStrong',
    reason:
      'Strong references are intended: the API and matching stacks must not outlive the table and bucket.',
  },
];

/** Wildcards that are scoped by prefix or are how the CDK grant helpers name actions. */
const ACKNOWLEDGED_WILDCARDS = [
  ['Resource::*', 'X-Ray trace segments (Tracing.ACTIVE) can only be granted on "*".'],
  [
    'Resource::<Files8E6940B8.Arn>/uploads/*',
    'Scoped to the uploads/ prefix: a job key is only known at run time.',
  ],
  [
    'Resource::<Files8E6940B8.Arn>/results/*',
    'Scoped to the results/ prefix: a job key is only known at run time.',
  ],
  [
    'Resource::RostermatchMatching:ExportsOutputFnGetAttFiles8E6940B8ArnD8EE6C03/uploads/*',
    'Scoped to the uploads/ prefix: a job key is only known at run time.',
  ],
  [
    'Resource::RostermatchMatching:ExportsOutputFnGetAttFiles8E6940B8ArnD8EE6C03/results/*',
    'Scoped to the results/ prefix: a job key is only known at run time.',
  ],
  [
    'Resource::RostermatchData:ExportsOutputFnGetAttTableCD117FA1ArnE2C8C204/index/*',
    "The table's one GSI (gsi1), used for org and district listings.",
  ],
  [
    'Resource::<ScheduledTokenImportFA304F42.Arn>:*',
    'The scheduler may invoke any version of the import function.',
  ],
  ['Action::s3:GetObject*', 'CDK grantRead helper; limited to one prefix of one bucket.'],
  ['Action::s3:GetBucket*', 'CDK grantRead helper; read-only bucket metadata.'],
  ['Action::s3:List*', 'CDK grantRead helper; limited to one bucket.'],
  ['Action::s3:Abort*', "CDK grantPut helper: aborting the function's own multipart uploads."],
  ['Action::kms:GenerateDataKey*', 'SSE-KMS writes to the files bucket need a data key; key-scoped.'],
  ['Action::kms:ReEncrypt*', 'CDK bucket grant helper on the files key only.'],
] as const;

export function acknowledgeNagFindings(stack: Stack): void {
  const validations = Validations.of(stack);
  for (const finding of ACKNOWLEDGED) validations.acknowledge(finding);
  for (const [target, reason] of ACKNOWLEDGED_WILDCARDS)
    validations.acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[${target}]`, reason });
}
