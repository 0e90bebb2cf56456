// The CDK app: three stacks (data, matching, API), checked by cdk-nag's AwsSolutions rules on synth.
// Deployment settings come from CDK context (cdk.json or `-c key=value`); the defaults synth offline.
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeNagFindings } from './nag.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { MatchingStack } from './stacks/matching-stack.ts';

export interface RostermatchStacks {
  data: DataStack;
  matching: MatchingStack;
  api: ApiStack;
}

export function buildApp(app: App): RostermatchStacks {
  const setting = (key: string, fallback: string): string =>
    (app.node.tryGetContext(key) as string) ?? fallback;
  const publicBaseUrl = setting('publicBaseUrl', 'https://rostermatch.example.org');
  const allowedOrigins = [publicBaseUrl];
  const clever = {
    apiBase: setting('cleverApiBase', 'https://api.clever.com'),
    oauthBase: setting('cleverOauthBase', 'https://clever.com'),
    clientId: setting('cleverClientId', 'replace-with-clever-client-id'),
    clientSecretArn: setting(
      'cleverClientSecretArn',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:rostermatch/clever-client-secret',
    ),
  };
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

  const data = new DataStack(app, 'RostermatchData', {
    env,
    senderEmail: setting('senderEmail', 'rostermatch@example.org'),
  });
  const matching = new MatchingStack(app, 'RostermatchMatching', {
    env,
    data,
    allowedOrigins,
    publicBaseUrl,
    clever,
  });
  const api = new ApiStack(app, 'RostermatchApi', {
    env,
    data,
    matching,
    allowedOrigins,
    publicBaseUrl,
    jwt: {
      issuer: setting('jwtIssuer', 'https://auth.example.org/'),
      audience: [setting('jwtAudience', 'rostermatch-admin')],
    },
    clever: {
      ...clever,
      redirectUris: [`${publicBaseUrl}/oauth/clever/link`, `${publicBaseUrl}/oauth/clever/login`],
    },
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  for (const stack of [data, matching, api] as Stack[]) acknowledgeNagFindings(stack);
  return { data, matching, api };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = new App();
  buildApp(app);
  app.synth();
}
