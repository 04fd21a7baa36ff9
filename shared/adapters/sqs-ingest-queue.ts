import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IngestQueue, QueuedIngestRequest } from '../ports.js';

/** SQS accepts at most 10 messages per SendMessageBatch. */
const SQS_BATCH = 10;

/**
 * The ingest queue on SQS FIFO: one message group per partner, so one partner is never ingested by two workers at
 * once (its state is read and written by one run at a time) while different partners run in parallel, and a
 * partner whose message is being retried holds up nobody else.
 */
export class SqsIngestQueue implements IngestQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(requests: QueuedIngestRequest[]): Promise<{ failedPartnerIds: string[] }> {
    const failedPartnerIds: string[] = [];
    for (let start = 0; start < requests.length; start += SQS_BATCH) {
      const chunk = requests.slice(start, start + SQS_BATCH);
      try {
        const out = await this.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: chunk.map((q, i) => ({
              Id: String(i),
              MessageBody: JSON.stringify(q.request),
              MessageGroupId: q.request.partnerId,
              MessageDeduplicationId: q.deduplicationId,
            })),
          }),
        );
        for (const failure of out.Failed ?? []) {
          const entry = chunk[Number(failure.Id)];
          if (entry) failedPartnerIds.push(entry.request.partnerId);
        }
      } catch {
        // The whole call failed (throttled, network): these partners are due again on the next tick.
        failedPartnerIds.push(...chunk.map((q) => q.request.partnerId));
      }
    }
    return { failedPartnerIds };
  }
}
