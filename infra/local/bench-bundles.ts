// Benchmark: each bundled function's minified size and module initialisation time (import of the bundle
// in a fresh Node process, as a Lambda cold start does after the runtime boots). Run `npm run synth` first.
//   npx tsx infra/local/bench-bundles.ts
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const CDK_OUT = 'cdk.out';
const RUNS = 5;
const env = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  BUCKET_NAME: 'bench-bucket',
  TABLE_NAME: 'bench-table',
  KMS_KEY_ID: 'arn:aws:kms:us-east-1:123456789012:key/bench',
  CLEVER_CLIENT_ID: 'bench',
  CLEVER_CLIENT_SECRET: 'bench',
  CLEVER_REDIRECT_URIS: 'https://example.org/oauth/clever/link,https://example.org/oauth/clever/login',
};

type Resource = { Type: string; Properties: { Code?: { S3Key?: string }; Environment?: unknown } };
const rows: string[] = [];
for (const file of readdirSync(CDK_OUT).filter((name) => name.endsWith('.template.json'))) {
  const template = JSON.parse(readFileSync(join(CDK_OUT, file), 'utf8')) as {
    Resources: Record<string, Resource>;
  };
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (
      resource.Type !== 'AWS::Lambda::Function' ||
      !JSON.stringify(resource.Properties.Environment ?? {}).includes('TABLE_NAME')
    )
      continue;
    const hash = resource.Properties.Code?.S3Key?.replace(/\.zip$/, '');
    const bundle = resolve(CDK_OUT, `asset.${hash}`, 'index.mjs');
    const timings: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t=performance.now();await import(${JSON.stringify(bundle)});console.log(performance.now()-t)`,
        ],
        { env },
      );
      timings.push(Number(out.toString().trim()));
    }
    timings.sort((a, b) => a - b);
    const kb = statSync(bundle).size / 1024;
    rows.push(
      `| ${id.replace(/[0-9A-F]{8}$/, '')} | ${kb.toFixed(0)} KB | ${timings[Math.floor(RUNS / 2)].toFixed(0)} ms |`,
    );
  }
}
console.log('| function | bundle (minified) | module init (median of 5) |\n|---|---:|---:|');
console.log(rows.sort().join('\n'));
