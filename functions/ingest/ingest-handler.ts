import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import '../../shared/model/zod.js';
import { describeError } from '../../shared/errors.js';
import type { IngestionSummary } from '../../shared/ports.js';
import { ingestRequestSchema } from '../../shared/ingest/dispatch.js';
import { ingestPartner } from '../../shared/ingest/ingest-partner.js';
import type { IngestRuntime } from '../../shared/adapters/runtime/parts.js';

/**
 * The message the dispatcher enqueues for each partner that is due (its `ingestRequestSchema`; the times it also
 * carries are not needed here). `force` (never set by the dispatcher) lets an
 * operator poll a partner now, whatever its schedule or backoff, by sending a message by hand.
 */
const ingestMessage = z.object({ partnerId: ingestRequestSchema.shape.partnerId, force: z.optional(z.boolean()) });

/**
 * Builds the SQS worker: one message per partner. A partner whose feed fails is a handled outcome (recorded in
 * its health state, with backoff), not a retry: only an unexpected failure (the state itself could not be
 * stored) is reported back as a batch item failure, so SQS retries that message alone and then dead-letters it.
 */
export function createIngestHandler(
  runtime: IngestRuntime | Promise<IngestRuntime>,
  report: (summary: IngestionSummary) => void,
  reportError: (message: string, messageId: string) => void,
) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const { directory, deps } = await runtime;
    const partners = await directory.list();
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const { partnerId, force } = ingestMessage.parse(JSON.parse(record.body));
        const partner = partners.find((p) => p.id === partnerId);
        // A partner removed from the config since it was enqueued: nothing to do, and nothing to retry.
        if (!partner || !partner.enabled) continue;
        report(await ingestPartner(partner, deps, { force }));
      } catch (error) {
        reportError(describeError(error), record.messageId);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
