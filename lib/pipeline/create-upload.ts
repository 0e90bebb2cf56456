// POST /uploads: checks the district can be matched, records the job, and hands back a presigned POST
// for the exact upload key. The CSV itself never passes through the API.
import { randomUUID } from 'node:crypto';
import { ClientError } from '../errors.ts';
import type { DistrictDirectory } from '../ports/district-directory.ts';
import type { JobStore } from '../ports/job-store.ts';
import type { ObjectStore, UploadPost } from '../ports/object-store.ts';
import { JOB_RETENTION_DAYS, type JobRecord, uploadKey } from './jobs.ts';
import type { UploadRequest } from './requests.ts';

export interface CreateUploadDeps {
  districts: DistrictDirectory;
  jobs: JobStore;
  objects: ObjectStore;
  settings: { maxUploadBytes: number; uploadUrlExpirySeconds: number };
}

export interface CreatedUpload {
  jobId: string;
  status: JobRecord['status'];
  upload: UploadPost & { maxBytes: number; contentType: 'text/csv'; expiresAt: string };
}

export async function createUpload(
  deps: CreateUploadDeps,
  request: UploadRequest,
  createdBy: string,
): Promise<CreatedUpload> {
  const district = await deps.districts.getDistrict(request.districtId);
  if (!district)
    throw new ClientError(
      'UNKNOWN_DISTRICT',
      `Clever district "${request.districtId}" is not known here. Import district tokens first (POST /admin/tokens/import).`,
      404,
    );
  if (!district.orgId)
    throw new ClientError(
      'DISTRICT_NOT_LINKED',
      `Clever district "${request.districtId}" is not linked to an organisation yet. Link it (PUT /admin/districts/{id}/org) before uploading.`,
      409,
    );
  if (district.connection !== 'connected')
    throw new ClientError(
      'DISTRICT_NOT_CONNECTED',
      `Clever district "${request.districtId}" has no working token (status: ${district.connection}). Ask the district to reconnect the app in Clever, then import tokens again.`,
      409,
    );

  const now = new Date();
  const jobId = randomUUID();
  const key = uploadKey(request.districtId, jobId);
  const post = await deps.objects.createUploadPost(key, {
    contentType: 'text/csv',
    maxBytes: deps.settings.maxUploadBytes,
    expiresInSeconds: deps.settings.uploadUrlExpirySeconds,
  });
  await deps.jobs.create({
    jobId,
    districtId: request.districtId,
    orgId: district.orgId,
    type: request.type,
    idColumn: request.idColumn,
    map: request.map,
    notify: request.notify,
    status: 'awaiting_upload',
    createdAt: now.toISOString(),
    createdBy,
    expiresAt: Math.floor(now.getTime() / 1000) + JOB_RETENTION_DAYS * 86_400,
    uploadKey: key,
  });
  return {
    jobId,
    status: 'awaiting_upload',
    upload: {
      ...post,
      maxBytes: deps.settings.maxUploadBytes,
      contentType: 'text/csv',
      expiresAt: new Date(now.getTime() + deps.settings.uploadUrlExpirySeconds * 1000).toISOString(),
    },
  };
}
