// Records a district as imported (it has a token) but linked to no organisation.

import type { LocalStack } from '../../../infra/local/stack.ts';
import { createAwsClients } from '../../../lib/adapters/aws-clients.ts';
import { DynamoOnboardingStore } from '../../../lib/adapters/dynamo-onboarding-store.ts';
import { loadConfig } from '../../../lib/config.ts';

export default async function recordUnlinkedDistrict(stack: LocalStack, districtId: string, name: string) {
  const store = new DynamoOnboardingStore(createAwsClients(loadConfig()).dynamo, stack.table);
  await store.upsertImportedDistrict(
    { districtId, name, schoolCount: 0, emailDomains: [], tokenCiphertext: '', tokenFingerprint: '' },
    new Date().toISOString(),
  );
}
