import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordIngestionMetrics } from '../../../functions/commons/observability.js';
import type { IngestionSummary } from '../../../shared/ports.js';

afterEach(() => vi.restoreAllMocks());

function captureEmf(run: () => void): Record<string, any> {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  run();
  vi.restoreAllMocks();
  const emf = lines.map((l) => JSON.parse(l)).filter((l) => l._aws);
  expect(emf).toHaveLength(1);
  return emf[0];
}

const summary: IngestionSummary = {
  partnerId: 'kontan',
  runId: 'run-1',
  startedAt: '2026-03-02T10:00:00.000Z',
  fetched: true,
  notModified: false,
  new: 3,
  updated: 1,
  unchanged: 40,
  failed: 0,
  rawKey: 'raw/kontan/2026/03/02/abc.xml.gz',
  warnings: [],
};

describe('recordIngestionMetrics', () => {
  const target = () => new Metrics({ namespace: 'Wirefeed', serviceName: 'wirefeed-ingest' });

  it('emits one EMF line per run with the partner and run ids as properties, not dimensions', () => {
    const emf = captureEmf(() => recordIngestionMetrics(summary, 812, { target: target() }));
    expect(emf).toMatchObject({
      partnerId: 'kontan',
      runId: 'run-1',
      Fetches: 1,
      NotModified: 0,
      ArticlesNew: 3,
      ArticlesUpdated: 1,
      ArticlesUnchanged: 40,
      ParseFailures: 0,
      IngestFailures: 0,
      IngestDuration: 812,
    });
    expect(emf._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
  });

  it('counts a fetched and archived payload that ended in an error as a parse failure', () => {
    const emf = captureEmf(() =>
      recordIngestionMetrics({ ...summary, new: 0, updated: 0, unchanged: 0, error: 'partner "kontan": not a feed' }, 90, { target: target() }),
    );
    expect(emf).toMatchObject({ ParseFailures: 1, IngestFailures: 1 });
  });

  it('does not count a network failure as a parse failure', () => {
    const { rawKey: _omit, ...unfetched } = summary;
    const emf = captureEmf(() =>
      recordIngestionMetrics({ ...unfetched, fetched: false, error: 'partner "kontan": timed out' }, 15_000, { target: target() }),
    );
    expect(emf).toMatchObject({ Fetches: 0, ParseFailures: 0, IngestFailures: 1 });
  });
});
