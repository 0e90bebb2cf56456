// The one way every rostermatch Lambda is built: ESM bundled by the local esbuild (no Docker), Node 22,
// minified with source maps, logs kept 30 days, and the shared configuration in its environment.

import { resolve } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const LAMBDA_RUNTIME = Runtime.NODEJS_22_X;

const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  // ESM bundles still meet CommonJS dependencies that call require().
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  // The Node 22 runtime ships AWS SDK v3 (CDK's default too): bundling our pinned copy would put every
  // function over 1 MB minified. Trade-off: in AWS the runtime's SDK version runs, not the pinned one.
  externalModules: ['@aws-sdk/*'],
} satisfies NodejsFunctionProps['bundling'];

export interface PipelineFunctionProps {
  /** Handler module relative to the repository root. */
  entry: string;
  environment: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
}

export function createPipelineFunction(
  scope: Construct,
  id: string,
  props: PipelineFunctionProps,
): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return new NodejsFunction(scope, id, {
    entry: resolve(REPO_ROOT, props.entry),
    handler: 'handler',
    runtime: LAMBDA_RUNTIME,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(15),
    tracing: Tracing.ACTIVE,
    logGroup,
    projectRoot: REPO_ROOT,
    depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
    bundling: BUNDLING,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
  });
}
