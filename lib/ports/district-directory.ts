// The part of the onboarding store an upload needs: is the district known, linked and connected?
// The onboarding engineer's DynamoDB store satisfies this structurally.

export interface UploadDistrict {
  districtId: string;
  orgId?: string;
  connection: 'connected' | 'disconnected' | 'needs_attention' | 'not_connected';
}

export interface DistrictDirectory {
  getDistrict(districtId: string): Promise<UploadDistrict | undefined>;
}
