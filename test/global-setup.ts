// Starts the real local servers the integration tests talk to (S3, DynamoDB, SES) once per run and
// hands their endpoints to the tests through `inject()`. Each test file creates its own bucket and table.
import type { TestProject } from 'vitest/node';
import { startLocalAwsServers } from '../infra/local/aws-servers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    dynamoEndpoint: string;
    sesEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await startLocalAwsServers();
  project.provide('s3Endpoint', servers.s3Endpoint);
  project.provide('dynamoEndpoint', servers.dynamoEndpoint);
  project.provide('sesEndpoint', servers.sesEndpoint);
  return () => servers.close();
}
