// The local AWS look-alikes, in-process on 127.0.0.1: s3rver (S3), dynalite (DynamoDB) and
// aws-ses-v2-local (SES v2 with a mailbox view). Used by `npm start` and by the test global setup.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import sesModule from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import S3rver from 's3rver';

export interface LocalAwsServers {
  s3Endpoint: string;
  dynamoEndpoint: string;
  sesEndpoint: string;
  /** Registers a listener for S3 ObjectCreated events (keys URL-encoded like real S3 events). */
  onObjectCreated(listener: (event: S3Event) => void): void;
  close(): Promise<void>;
}

/** An email as aws-ses-v2-local's mailbox (`GET <sesEndpoint>/store`) lists it. */
export interface StoredEmail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string };
  attachments?: { filename: string; size: number }[];
}

/** Every email sent through the local SES server so far. */
export async function readMailbox(sesEndpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

const HOST = '127.0.0.1';
// aws-ses-v2-local is CommonJS with `exports.default`; Node's ESM interop wraps it once more.
const startSes = ((sesModule as unknown as { default?: typeof sesModule }).default ??
  sesModule) as typeof sesModule;

export async function startLocalAwsServers(): Promise<LocalAwsServers> {
  const s3Directory = await mkdtemp(join(tmpdir(), 'rostermatch-s3-'));
  const s3 = new S3rver({
    address: HOST,
    port: 0,
    silent: true,
    directory: s3Directory,
    vhostBuckets: false,
  });
  const s3Address = await s3.run();

  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(0, HOST, resolve);
  });

  const ses: Server = await startSes({ host: HOST, port: 0 });

  const listeners: ((event: S3Event) => void)[] = [];
  s3.on('event', (event) => {
    const records = event.Records.filter((record) => record.eventName.startsWith('ObjectCreated:')).map(
      (record) => ({
        ...record,
        // s3rver sends raw keys; real S3 URL-encodes them (spaces as '+'), and the handler decodes.
        s3: {
          ...record.s3,
          object: {
            ...record.s3.object,
            key: encodeURIComponent(record.s3.object.key).replace(/%20/g, '+').replace(/%2F/g, '/'),
          },
        },
      }),
    );
    if (records.length) for (const listener of listeners) listener({ Records: records });
  });

  return {
    s3Endpoint: `http://${HOST}:${s3Address.port}`,
    dynamoEndpoint: `http://${HOST}:${(dynamo.address() as AddressInfo).port}`,
    sesEndpoint: `http://${HOST}:${(ses.address() as AddressInfo).port}`,
    onObjectCreated: (listener) => listeners.push(listener),
    async close() {
      ses.closeAllConnections();
      await Promise.all([
        s3.close(),
        new Promise<void>((resolve) => dynamo.close(() => resolve())),
        new Promise<void>((resolve) => ses.close(() => resolve())),
      ]);
      await rm(s3Directory, { recursive: true, force: true });
    },
  };
}
