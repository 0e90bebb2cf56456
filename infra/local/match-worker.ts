// Runs the match function once, in its own process, for one uploaded key, and reports its peak RSS and
// duration as JSON on stdout. The benchmark's parent process hosts the servers, so only the function's
// own memory is measured (as Lambda would see it).
import { randomUUID } from 'node:crypto';
import type { S3Event } from 'aws-lambda';
import { localLambdaContext } from '../../lib/http/lambda-context.ts';

const [bucket, key] = process.argv.slice(2);
const initStarted = performance.now();
const { handler } = await import('../../functions/match-upload.ts');
const initMs = performance.now() - initStarted;
const event = {
  Records: [{ eventName: 'ObjectCreated:Post', s3: { bucket: { name: bucket }, object: { key } } }],
} as unknown as S3Event;
const started = performance.now();
await handler(event, localLambdaContext('match-upload', randomUUID(), 15 * 60_000));
const durationMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ initMs: Math.round(initMs), durationMs: Math.round(durationMs), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
