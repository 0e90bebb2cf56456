// What the pipeline needs from object storage (S3 in AWS, s3rver locally).
import type { Readable } from 'node:stream';

export interface UploadPost {
  url: string;
  /** Form fields to send, in order, before the file field. */
  fields: Record<string, string>;
}

export interface UploadPostOptions {
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
}

export interface ObjectStore {
  /** A presigned POST that accepts exactly `key`, the content type and a size of 1..maxBytes. */
  createUploadPost(key: string, options: UploadPostOptions): Promise<UploadPost>;
  /** A presigned GET that downloads the object as an attachment named `fileName`. */
  createDownloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
  /** Streams the object; throws ObjectNotFoundError if it does not exist. */
  readStream(key: string): Promise<Readable>;
  /** Size in bytes, or undefined if the object does not exist. */
  size(key: string): Promise<number | undefined>;
  readBytes(key: string): Promise<Buffer>;
  /** Create-only write: 'exists' when the key is already taken (the earlier object is kept). */
  putIfAbsent(
    key: string,
    file: { path: string; bytes: number },
    contentType: string,
  ): Promise<'created' | 'exists'>;
  put(key: string, body: string, contentType: string): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No object at ${key}`);
    this.name = 'ObjectNotFoundError';
  }
}
