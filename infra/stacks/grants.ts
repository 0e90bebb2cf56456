// IAM shared by the stacks: the environment every function reads, the token-key grants, which are
// conditioned on the encryption context so the key cannot decrypt anything but district tokens for them,
// and the Clever client secret, whose ARN only the functions allowed to read it are told.
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { TOKEN_CONTEXT_PURPOSE } from '../../lib/ports/onboarding.ts';
import type { DataStack } from './data-stack.ts';

export function sharedEnvironment(
  data: DataStack,
  bucketName: string,
  publicBaseUrl: string,
): Record<string, string> {
  return {
    TABLE_NAME: data.table.tableName,
    BUCKET_NAME: bucketName,
    SENDER_EMAIL: data.senderEmail,
    SES_CONFIGURATION_SET: data.configurationSet.configurationSetName,
    KMS_KEY_ID: data.tokenKey.keyArn,
    PUBLIC_BASE_URL: publicBaseUrl,
  };
}

function tokenStatement(data: DataStack, actions: string[]): PolicyStatement {
  return new PolicyStatement({
    actions,
    resources: [data.tokenKey.keyArn],
    conditions: { StringEquals: { 'kms:EncryptionContext:purpose': TOKEN_CONTEXT_PURPOSE } },
  });
}

export function grantTokenDecrypt(data: DataStack, fn: IFunction): void {
  fn.addToRolePolicy(tokenStatement(data, ['kms:Decrypt']));
}

export function grantTokenEncrypt(data: DataStack, fn: IFunction): void {
  fn.addToRolePolicy(tokenStatement(data, ['kms:Encrypt']));
}

/** The Clever client secret is read from Secrets Manager at run time; no function has it in its environment. */
export function grantCleverSecret(fn: LambdaFunction, secretArn: string): void {
  fn.addEnvironment('CLEVER_CLIENT_SECRET_ARN', secretArn);
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }),
  );
}
