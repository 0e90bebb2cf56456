// EventBridge schedule target: the full token import, on a timer, so disconnects are noticed without an admin.
import { initOnboardingFunction } from '../lib/adapters/onboarding-lambda.ts';
import { importDistrictTokens } from '../lib/onboarding/tokens.ts';

const { logger, deps } = initOnboardingFunction('tokens-import-scheduled');

export async function handler() {
  const summary = await importDistrictTokens(deps);
  const counts = {
    imported: summary.imported.length,
    autoLinked: summary.autoLinked.length,
    disconnected: summary.disconnected.length,
  };
  logger.info('scheduled token import', { ...counts, failed: summary.failed.length });
  return { ...counts, failed: summary.failed };
}
