// The HTTP API: one function per row of the route table, a JWT authorizer on every admin route, access
// logs, and the scheduled token import. Grants follow each row's `access` list and nothing more.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../lib/config.ts';
import { ROUTES, type RouteAccess } from '../../lib/http/routes.ts';
import type { DataStack } from './data-stack.ts';
import { grantCleverSecret, grantTokenDecrypt, grantTokenEncrypt, sharedEnvironment } from './grants.ts';
import type { MatchingStack } from './matching-stack.ts';
import { createPipelineFunction } from './pipeline-function.ts';

export interface ApiStackProps extends StackProps {
  data: DataStack;
  matching: MatchingStack;
  jwt: { issuer: string; audience: string[] };
  allowedOrigins: string[];
  publicBaseUrl: string;
  clever: {
    apiBase: string;
    oauthBase: string;
    clientId: string;
    clientSecretArn: string;
    redirectUris: string[];
  };
}

export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { data, matching } = props;

    this.api = new HttpApi(this, 'Api', {
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    const authorizer = new HttpJwtAuthorizer('AdminJwt', props.jwt.issuer, {
      jwtAudience: props.jwt.audience,
    });

    const environment = {
      ...sharedEnvironment(data, matching.bucket.bucketName, props.publicBaseUrl),
      CLEVER_API_BASE: props.clever.apiBase,
      CLEVER_OAUTH_BASE: props.clever.oauthBase,
      CLEVER_CLIENT_ID: props.clever.clientId,
      CLEVER_REDIRECT_URIS: props.clever.redirectUris.join(','),
      MAX_UPLOAD_BYTES: String(DEFAULT_MAX_UPLOAD_BYTES),
    };
    const grant = (fn: NodejsFunction, access: RouteAccess) => {
      switch (access) {
        case 'table-read':
          return data.table.grantReadData(fn);
        case 'table-write':
          return data.table.grantWriteData(fn);
        case 'uploads-write':
          return matching.bucket.grantPut(fn, 'uploads/*');
        case 'results-read':
          return matching.bucket.grantRead(fn, 'results/*');
        case 'clever-secret':
          return grantCleverSecret(fn, props.clever.clientSecretArn);
        case 'token-encrypt':
          return grantTokenEncrypt(data, fn);
        case 'token-decrypt':
          return grantTokenDecrypt(data, fn);
      }
    };

    const functionsByEntry = new Map<string, NodejsFunction>();
    for (const route of ROUTES) {
      let fn = functionsByEntry.get(route.entry);
      if (!fn) {
        fn = createPipelineFunction(this, route.id, { entry: route.entry, environment });
        functionsByEntry.set(route.entry, fn);
        this.functions.set(route.id, fn);
      }
      for (const access of route.access) grant(fn, access);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        authorizer: route.admin ? authorizer : undefined,
      });
    }

    // Tokens rotate and districts disconnect without telling us: import them on a timer too.
    const importFunction = createPipelineFunction(this, 'ScheduledTokenImport', {
      entry: 'functions/tokens-import-scheduled.ts',
      environment,
      timeout: Duration.minutes(5),
    });
    data.table.grantReadWriteData(importFunction);
    grantTokenEncrypt(data, importFunction);
    grantCleverSecret(importFunction, props.clever.clientSecretArn);
    this.functions.set('ScheduledTokenImport', importFunction);
    new Schedule(this, 'TokenImportSchedule', {
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      target: new LambdaInvoke(importFunction, {}),
      description: 'Hourly Clever district token import',
    });
  }
}
