import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../shared/adapters/runtime.js';
import { DynamoPartnerStateStore } from '../../shared/adapters/dynamo/partner-state-store.js';
import { loadConfig } from '../../shared/config.js';

describe('the composition root: publish', () => {
  it('gives the publisher the partner state store, so pages can show each partner status', () => {
    const runtime = createRuntime(loadConfig({ TABLE_NAME: 'wirefeed-test', AWS_REGION: 'eu-west-1' }));
    const deps = runtime.publish();
    expect(deps.partnerStates).toBeInstanceOf(DynamoPartnerStateStore);
    expect(deps.partnerStates).toBe(runtime.storage().partnerStates);
  });
});
