import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../lib/adapters/s3-object-store.ts';
import { ObjectNotFoundError } from '../../../lib/ports/object-store.ts';
import { freshLocalAws } from './local-aws.ts';

let store: S3ObjectStore;
let scratch: string;

beforeAll(async () => {
  const aws = await freshLocalAws();
  store = new S3ObjectStore(aws.clients.s3, aws.bucket);
  scratch = await mkdtemp(join(tmpdir(), 's3-store-'));
});

async function file(name: string, content: string) {
  const path = join(scratch, name);
  await writeFile(path, content);
  return { path, bytes: Buffer.byteLength(content) };
}

describe('S3ObjectStore on s3rver', () => {
  it('accepts a browser-style form POST to the presigned upload and streams it back', async () => {
    const post = await store.createUploadPost('uploads/d/j/input.csv', {
      contentType: 'text/csv',
      maxBytes: 1024,
      expiresInSeconds: 300,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append('file', new Blob(['id,name\n1,Ann\n'], { type: 'text/csv' }), 'mine.csv');

    const response = await fetch(post.url, { method: 'POST', body: form });

    expect(response.ok).toBe(true);
    expect(await text(await store.readStream('uploads/d/j/input.csv'))).toBe('id,name\n1,Ann\n');
  });

  it('writes a new result with a create-only PUT', async () => {
    const written = await store.putIfAbsent(
      'results/d/j/result.csv',
      await file('a.csv', 'first'),
      'text/csv',
    );

    expect(written).toBe('created');
    expect(await text(await store.readStream('results/d/j/result.csv'))).toBe('first');
  });

  it("treats S3's 412 on an existing key as already written (s3rver ignores If-None-Match, so mocked)", async () => {
    const s3 = new S3Client({ region: 'us-east-1' });
    mockClient(s3)
      .on(PutObjectCommand)
      .rejects(
        new S3ServiceException({
          name: 'PreconditionFailed',
          $fault: 'client',
          $metadata: { httpStatusCode: 412 },
        }),
      );

    const written = await new S3ObjectStore(s3, 'b').putIfAbsent(
      'results/x',
      await file('c.csv', 'x'),
      'text/csv',
    );

    expect(written).toBe('exists');
  });

  it('reports a missing object as not found, with no size', async () => {
    await expect(store.readStream('uploads/none/input.csv')).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await store.size('uploads/none/input.csv')).toBeUndefined();
  });

  it('signs download links that fetch the object as an attachment', async () => {
    await store.put('results/d/k/result.csv', 'a,b\n', 'text/csv');
    const url = await store.createDownloadUrl('results/d/k/result.csv', 'r.csv', 60);

    const response = await fetch(url);

    expect(await response.text()).toBe('a,b\n');
    expect(url).toContain('X-Amz-Expires=60');
    expect(decodeURIComponent(url)).toContain('attachment; filename="r.csv"');
  });
});
