// Long-lived state shared by every function: the token key, the one DynamoDB table and the SES sending
// identity. Nothing here references a function, so the other stacks depend on it without cycles.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../lib/adapters/table-schema.ts';
import { TOKEN_CONTEXT_PURPOSE } from '../../lib/ports/onboarding.ts';

export interface DataStackProps extends StackProps {
  senderEmail: string;
}

export class DataStack extends Stack {
  readonly tokenKey: Key;
  readonly table: TableV2;
  readonly configurationSet: ConfigurationSet;
  readonly senderEmail: string;
  readonly emailIdentity: EmailIdentity;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    this.senderEmail = props.senderEmail;

    // Used for Clever district tokens only: a grant on it is a grant to read tokens, so no table, bucket
    // or queue shares it (their readers would otherwise get kms:Decrypt on it too).
    this.tokenKey = new Key(this, 'TokenKey', {
      description: `rostermatch: Clever district tokens (encryption context purpose=${TOKEN_CONTEXT_PURPOSE})`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const gsi = TABLE_SCHEMA.globalSecondaryIndexes[0];
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: TABLE_SCHEMA.timeToLiveAttribute,
      globalSecondaryIndexes: [
        {
          indexName: gsi.indexName,
          partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
          sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        },
      ],
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.configurationSet = new ConfigurationSet(this, 'MailConfig', {
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    this.emailIdentity = new EmailIdentity(this, 'Sender', {
      identity: Identity.email(props.senderEmail),
      configurationSet: this.configurationSet,
    });
  }
}
