import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { recordIngestionMetrics, reportIngestion } from '../../../functions/commons/observability.js';
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
  skippedItems: 0,
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
      ItemsSkipped: 0,
      TruncatedFetches: 0,
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

  it('counts the items a run skipped and marks a truncated document, so neither vanishes from the graphs', () => {
    const emf = captureEmf(() => recordIngestionMetrics({ ...summary, skippedItems: 2, truncated: true }, 90, { target: target() }));
    expect(emf).toMatchObject({ ItemsSkipped: 2, TruncatedFetches: 1, ParseFailures: 0, IngestFailures: 0 });
    const names = emf._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name);
    expect(names).toEqual(expect.arrayContaining(['ItemsSkipped', 'TruncatedFetches']));
  });

  it('does not count a network failure as a parse failure', () => {
    const { rawKey: _omit, ...unfetched } = summary;
    const emf = captureEmf(() =>
      recordIngestionMetrics({ ...unfetched, fetched: false, error: 'partner "kontan": timed out' }, 15_000, { target: target() }),
    );
    expect(emf).toMatchObject({ Fetches: 0, ParseFailures: 0, IngestFailures: 1 });
  });
});

describe('reportIngestion', () => {
  function captureLines(run: () => void): Array<Record<string, any>> {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    run();
    vi.restoreAllMocks();
    return lines.flatMap((l) => l.split('\n')).filter((l) => l.trim()).map((l) => JSON.parse(l));
  }

  it('logs the skipped-item count, the truncation and the warnings naming them in the run\'s one log line', () => {
    const warnings = ['document is truncated: it ended before closing <rss>, <channel>, <item>', 'item 2 (guid "empty") skipped: item has neither title nor text'];
    const run = { ...summary, skippedItems: 1, truncated: true as const, warnings };
    const lines = captureLines(() =>
      reportIngestion(run, { logger: new Logger({ serviceName: 'wirefeed-ingest' }), target: new Metrics({ namespace: 'Wirefeed', serviceName: 'wirefeed-ingest' }) }),
    );
    const log = lines.find((l) => l.message === 'ingested');
    expect(log).toMatchObject({ level: 'INFO', partnerId: 'kontan', runId: 'run-1', skippedItems: 1, truncated: true, warnings });
    expect(lines.find((l) => l._aws)).toMatchObject({ ItemsSkipped: 1, TruncatedFetches: 1 });
  });
});
