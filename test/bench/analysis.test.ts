import { describe, expect, it } from 'vitest';
import { checkScenario, scenarioCounts } from '../../bench/aws-calls.js';
import { lambdaEnvironment, topPackages } from '../../bench/coldstart.js';
import { splitRssItems } from '../../bench/aws-calls-worker.js';
import { generateRss } from '../../bench/generate.js';
import { acrossPasses, buildViews, inputsFor, pairRatio } from '../../bench/parse-bench.js';
import { contender } from '../../bench/contenders.js';
import type { InputResult, ManifestEntry } from '../../bench/parse-worker.js';
import { stageOf, summarizeProfile } from '../../bench/profile.js';
import { checkTargets, gapText, renderMarkdown, type BenchResults } from '../../bench/report.js';
import { parseArgs } from '../../bench/run.js';
import { DEFAULT_ASSUMPTIONS, cpuStretch, scaleModel, type CallProfile } from '../../bench/scale.js';
import { emptyCounts } from '../../shared/adapters/counting-middleware.js';

const time = (median: number) => ({ samples: [median], median, min: median * 0.9, max: median * 1.1, calls: 1 });
const manifest: ManifestEntry[] = [
  { name: 'synthetic/a.xml', path: '/a', group: 'synthetic', bytes: 2_000_000 },
  { name: 'corpus:real/x.xml', path: '/x', group: 'corpus:real', bytes: 1_000_000 },
  { name: 'corpus:real/y.xml', path: '/y', group: 'corpus:real', bytes: 1_000_000 },
];
const contenders = [
  { name: 'wirefeed', role: 'wirefeed' as const },
  { name: 'wirefeed-parse', role: 'wirefeed' as const },
  { name: 'fast', role: 'peer' as const },
  { name: 'slow', role: 'peer' as const },
];
const results: Record<string, InputResult[]> = {
  wirefeed: manifest.map((m) => ({ input: m.name, bytes: m.bytes, items: 10, time: time(100) })),
  'wirefeed-parse': manifest.map((m) => ({ input: m.name, bytes: m.bytes, items: 10, time: time(50) })),
  fast: [
    { input: 'synthetic/a.xml', bytes: 2_000_000, items: 10, time: time(80) },
    { input: 'corpus:real/x.xml', bytes: 1_000_000, items: 10, time: time(120) },
    { input: 'corpus:real/y.xml', bytes: 1_000_000, error: 'not a feed' },
  ],
  slow: manifest.map((m) => ({ input: m.name, bytes: m.bytes, items: 10, time: time(400) })),
};

describe('buildViews', () => {
  const views = buildViews(manifest, contenders, results);

  it('makes one view per synthetic input and one per group of files', () => {
    expect(views.map((v) => v.name)).toEqual(['synthetic/a.xml', 'corpus:real']);
  });

  it('sums bytes over median times for a group, counting only the files a contender read', () => {
    const fast = views[1].rows.find((r) => r.contender === 'fast')!;
    expect(fast.files).toBe(1);
    expect(fast.failed).toBe(1);
    expect(fast.mbPerSecond).toBeCloseTo(1e6 / 1e6 / 0.12);
  });

  it('compares wirefeed to each peer on the files both read, and names the fastest peer', () => {
    expect(views[0].fastestPeer).toBe('fast');
    expect(views[0].ratios.wirefeed.fast).toBeCloseTo(0.8);
    expect(views[1].ratios.wirefeed.fast).toBeCloseTo(1.2);
    expect(views[1].ratios['wirefeed-parse'].slow).toBeCloseTo(8);
  });

  it('has no ratio for inputs that share nothing', () => {
    expect(pairRatio(manifest, new Map(), new Map())).toBeUndefined();
  });
});

describe('checkTargets and renderMarkdown', () => {
  it('flags a missed parse target and writes the machine into the table', () => {
    const r: BenchResults = {
      startedAt: '2024-07-31T12:00:00.000Z',
      quick: false,
      machine: { node: 'v20.0.0', cpu: 'Test CPU', cores: 2, memoryGb: 4, platform: 'linux x64' },
      corpusDirs: [],
      parse: {
        contenders: contenders.map((c) => ({ ...c, label: c.name })),
        measure: { large: { warmupRounds: 1, rounds: 1, minRoundMs: 0 }, small: { warmupRounds: 1, rounds: 1, minRoundMs: 0 } },
        results,
        views: buildViews(manifest, contenders, results),
        memory: {},
        itemMismatches: [],
      },
    };
    const checks = checkTargets(r);
    const onSynthetic = checks.find((c) => c.target.startsWith('parseFeed (full)') && c.target.endsWith('synthetic/a.xml'))!;
    expect(onSynthetic.met).toBe(false);
    expect(onSynthetic.measured).toBe('0.80× fast');
    const md = renderMarkdown(r);
    expect(md).toContain('Node v20.0.0, Test CPU, 2 cores');
    expect(md).toContain('| parseFeed (full) ≥ 1.0× fastest peer on synthetic/a.xml | 0.80× fast | **no** | needs 25% more |');
  });
});

describe('the render targets', () => {
  const render = (format: 'rss' | 'atom' | 'json', ratio: number) => ({ format, articles: 50, ratio, outputBytes: 1 });
  const r: BenchResults = {
    startedAt: '2024-07-31T12:00:00.000Z',
    quick: false,
    machine: { node: 'v20.0.0', cpu: 'Test CPU', cores: 2, memoryGb: 4, platform: 'linux x64' },
    corpusDirs: [],
    render: { cases: [render('rss', 2.5), render('atom', 3.1), render('json', 1.2)], deterministic: true, feedDeterministic: true },
  };
  const checks = checkTargets(r);

  it('holds RSS and Atom to 3× the feed package', () => {
    expect(checks.find((c) => c.target === 'render rss 50 articles ≥ 3× feed package')).toMatchObject({ met: false, gap: 'needs 20% more' });
    expect(checks.find((c) => c.target === 'render atom 50 articles ≥ 3× feed package')?.met).toBe(true);
  });

  it('holds JSON Feed to 1.0× the feed package, as issue 16 sets it', () => {
    expect(checks.find((c) => c.target === 'render json 50 articles ≥ 1.0× feed package')?.met).toBe(true);
  });
});

describe('the composite peer', () => {
  const withComposite = [...contenders, { name: 'composite', role: 'composite' as const }];
  const composite: InputResult[] = manifest.map((m) => ({ input: m.name, bytes: m.bytes, items: 10, time: time(250) }));
  const views = buildViews(manifest, withComposite, { ...results, composite: [...composite.slice(0, 1).map((r) => ({ ...r, time: time(10) })), ...composite.slice(1)] });

  it('is compared with wirefeed but never named the fastest parse-only peer, even when it is the fastest', () => {
    expect(views[0].ratios.wirefeed.composite).toBeCloseTo(0.1);
    expect(views[0].fastestPeer).toBe('fast');
    expect(views[1].ratios.wirefeed.composite).toBeCloseTo(2.5);
  });

  it('gets its own target: parseFeed at least 3× the composite on every view', () => {
    const r: BenchResults = {
      startedAt: '2024-07-31T12:00:00.000Z',
      quick: false,
      machine: { node: 'v20.0.0', cpu: 'Test CPU', cores: 2, memoryGb: 4, platform: 'linux x64' },
      corpusDirs: [],
      parse: {
        contenders: withComposite.map((c) => ({ ...c, label: c.name })),
        measure: { large: { warmupRounds: 1, rounds: 1, minRoundMs: 0 }, small: { warmupRounds: 1, rounds: 1, minRoundMs: 0 } },
        results,
        views,
        memory: {},
        itemMismatches: [],
      },
    };
    const onCorpus = checkTargets(r).find((c) => c.target.includes('composite') && c.target.endsWith('corpus:real'))!;
    expect(onCorpus).toMatchObject({ measured: '2.50×', met: false, gap: 'needs 20% more' });
  });
});

describe('the steady-state poll', () => {
  it('is checked against the fastest parse-only peer of the same feed', () => {
    const withPoll = [...contenders, { name: 'wirefeed-poll', role: 'wirefeed' as const }];
    const poll: InputResult[] = [{ input: 'synthetic/a.xml', bytes: 2_000_000, items: 10, time: time(100) }];
    const r: BenchResults = {
      startedAt: '2024-07-31T12:00:00.000Z',
      quick: false,
      machine: { node: 'v20.0.0', cpu: 'Test CPU', cores: 2, memoryGb: 4, platform: 'linux x64' },
      corpusDirs: [],
      parse: {
        contenders: withPoll.map((c) => ({ ...c, label: c.name })),
        measure: { large: { warmupRounds: 1, rounds: 1, minRoundMs: 0 }, small: { warmupRounds: 1, rounds: 1, minRoundMs: 0 } },
        results: { ...results, 'wirefeed-poll': poll },
        views: buildViews(manifest, withPoll, { ...results, 'wirefeed-poll': poll }),
        memory: {},
        itemMismatches: [],
      },
    };
    const checks = checkTargets(r).filter((c) => c.target.startsWith('a steady-state poll'));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ measured: '0.80× fast', met: false, gap: 'needs 25% more' });
  });
});

describe('gapText', () => {
  it('says how much more an at-least target needs, and how far over an at-most target is', () => {
    expect(gapText(0.5, 1.5, 'at-least')).toBe('needs 3.0× more');
    expect(gapText(2, 1.5, 'at-least')).toBeUndefined();
    expect(gapText(1200, 400, 'at-most')).toBe('3.0× over');
    expect(gapText(300, 400, 'at-most')).toBeUndefined();
    expect(gapText(255, 250, 'at-most')).toBe('2% over');
    expect(gapText(2.62, 3, 'at-least')).toBe('needs 15% more');
  });
});

describe('AWS call scenarios', () => {
  it('splits S3 PUTs from other S3 calls and DynamoDB reads from writes', () => {
    const counts = emptyCounts();
    counts.byCommand = { PutObject: 2, HeadObject: 1, GetItem: 1, BatchGetItem: 2, TransactWriteItems: 1, BatchWriteItem: 1, PutItem: 2 };
    counts.itemsWritten = { ART: 50, CAT: 90, PARTNER: 1, RUN: 1 };
    const c = scenarioCounts({ name: '50 new items', summary: { new: 50, updated: 0, unchanged: 0, notModified: false }, counts, durationMs: 0 });
    expect(c).toMatchObject({ s3Puts: 2, s3Other: 1, dynamoReads: 3, dynamoWrites: 4, itemsWritten: 142, articleWrites: 50 });
    expect(checkScenario('50 new items (first fetch)', c)?.met).toBe(true);
  });

  it('fails a 304 that wrote an article or archived a payload', () => {
    const counts = emptyCounts();
    counts.byCommand = { PutObject: 1, PutItem: 1 };
    const c = scenarioCounts({ name: 'partner answers 304', summary: { new: 0, updated: 0, unchanged: 0, notModified: true }, counts, durationMs: 0 });
    expect(checkScenario('partner answers 304', c)?.met).toBe(false);
  });

  it('re-assembles windows of a generated feed item by item', () => {
    const xml = generateRss({ seed: 3, items: 5 });
    const { head, items, tail } = splitRssItems(xml);
    expect(items).toHaveLength(5);
    expect(head + items.join('\n') + tail).toBe(xml);
  });
});

describe('summarizeProfile', () => {
  it('ranks frames and files by self time', () => {
    const frame = (id: number, functionName: string, url: string, lineNumber = 0) => ({ id, callFrame: { functionName, url, lineNumber } });
    const profile = {
      nodes: [frame(1, '(root)', ''), frame(2, 'sanitize', 'file:///p/shared/normalize/sanitize.ts', 9), frame(3, 'parseXml', 'file:///p/shared/formats/xml.ts'), frame(4, 'tokenize', 'file:///p/node_modules/htmlparser2/lib/Tokenizer.js')],
      samples: [2, 2, 2, 3, 4, 4, 4, 4, 2, 2],
    };
    const s = summarizeProfile(profile, '/p');
    expect(s.top[0]).toEqual({ functionName: 'sanitize', where: 'shared/normalize/sanitize.ts:10', selfPercent: 50 });
    expect(s.byFile.map((f) => f.file)).toEqual(['shared/normalize/sanitize.ts', 'node_modules/htmlparser2/lib/Tokenizer.js', 'shared/formats/xml.ts']);
    expect(s.byStage).toEqual([
      { stage: 'shared/normalize', selfPercent: 50 },
      { stage: 'htmlparser2', selfPercent: 40 },
      { stage: 'shared/formats', selfPercent: 10 },
    ]);
  });

  it('puts files in stages: our folders, dependencies by package, Node, GC', () => {
    expect(stageOf('shared/normalize/dom.ts')).toBe('shared/normalize');
    expect(stageOf('node_modules/@aws-sdk/core/dist/index.js')).toBe('@aws-sdk/core');
    expect(stageOf('node:buffer')).toBe('node');
    expect(stageOf('(garbage collector)')).toBe('garbage collector');
  });
});

describe('parseArgs', () => {
  it('reads --quick, repeated --corpus and --only', () => {
    const args = parseArgs(['--quick', '--corpus', 'a', '--corpus', '/b', '--only', 'parse,render'], '/w');
    expect(args).toMatchObject({ quick: true, corpus: ['/w/a', '/b'], only: ['parse', 'render'] });
  });

  it('refuses unknown flags and sections', () => {
    expect(() => parseArgs(['--fast'])).toThrow('unknown flag "--fast"');
    expect(() => parseArgs(['--only', 'parse,speed'])).toThrow('unknown section "speed"');
  });
});

describe('cold start helpers', () => {
  it('groups bundle bytes by package, scoped ones included, and our own files as wirefeed', () => {
    const top = topPackages([
      { path: 'node_modules/zod/v4/core/schemas.js', bytes: 300 },
      { path: 'node_modules/zod/v4/classic/schemas.js', bytes: 200 },
      { path: 'node_modules/@aws-sdk/client-dynamodb/dist-es/index.js', bytes: 400 },
      { path: 'shared/formats/xml.ts', bytes: 100 },
      { path: 'functions/publish/handler.ts', bytes: 50 },
    ]);
    expect(top).toEqual([
      { path: 'zod', bytes: 500 },
      { path: '@aws-sdk/client-dynamodb', bytes: 400 },
      { path: 'wirefeed', bytes: 150 },
    ]);
  });

  it('gives a function its template environment with placeholders for references and its own partners file', () => {
    const { env, nodeOptions } = lambdaEnvironment({
      dir: '/assets/a1',
      environment: { TABLE_NAME: null, INGEST_QUEUE_URL: null, PARTNERS_FILE: '/var/task/partners.json', NODE_OPTIONS: '--enable-source-maps', LOG_LEVEL: 'INFO' },
    });
    expect(nodeOptions).toEqual(['--enable-source-maps']);
    expect(env).toMatchObject({ TABLE_NAME: 'bench-table-name', PARTNERS_FILE: '/assets/a1/partners.json', LOG_LEVEL: 'INFO' });
    expect(new URL(env.INGEST_QUEUE_URL!).protocol).toBe('https:');
    expect(env.NODE_OPTIONS).toBeUndefined();
  });
});

describe('scaleModel', () => {
  const profile = (p: Partial<CallProfile>): CallProfile => ({ s3Puts: 0, s3Gets: 0, readUnits: 0, writeUnits: 0, calls: 0, ...p });
  const profiles = {
    notModified: profile({ readUnits: 1, writeUnits: 2, calls: 3 }),
    sameBody: profile({ s3Gets: 2, readUnits: 100, writeUnits: 2, calls: 6 }),
    oneNew: profile({ s3Puts: 2, s3Gets: 1, readUnits: 100, writeUnits: 70, calls: 9 }),
    publish: profile({ readUnits: 48, calls: 9 }),
  };
  const sizes = { articleBytes: 7000, rawGzipBytes: 45_000, categoriesPerArticle: 2 };

  it('splits the month’s polls into new-item, 304 and same-body polls', () => {
    const model = scaleModel(profiles, sizes, { ...DEFAULT_ASSUMPTIONS, conditionalShare: 0.5 });
    expect(model.pollsPerMonth).toBe(8_640_000);
    expect(model.mix.newItem).toBe(3_000_000);
    expect(model.mix.notModified).toBe(2_820_000);
    expect(model.mix.sameBody).toBe(2_820_000);
  });

  it('prices S3 PUTs and DynamoDB writes from the counted calls', () => {
    const model = scaleModel(profiles, sizes);
    const puts = model.lines.find((l) => l.item.startsWith('S3 PUTs'))!;
    expect(puts.usdPerMonth).toBeCloseTo((3_000_000 * 2 * 0.005) / 1000);
    const writes = model.lines.find((l) => l.item === 'DynamoDB writes (ingest)')!;
    expect(writes.usdPerMonth).toBeCloseTo(((3_000_000 * 70 + 2_820_000 * 2 * 2) / 1e6) * 0.625);
  });

  it('stretches CPU time on functions with less than one vCPU', () => {
    expect(cpuStretch(1769)).toBe(1);
    expect(cpuStretch(3008)).toBe(1);
    expect(cpuStretch(512)).toBeCloseTo(3.455, 2);
  });
});

describe('acrossPasses (the parse section\'s two passes)', () => {
  const timed = (input: string, median: number, samples: number[]) => ({ input, bytes: 10, items: 2, time: { samples, median, min: Math.min(...samples), max: Math.max(...samples), calls: samples.length } });
  it('gives each input the median of the passes\' medians and the extremes of all their rounds', () => {
    const [a, b] = acrossPasses([
      [timed('a.xml', 10, [9, 10, 12]), timed('b.xml', 4, [4])],
      [timed('a.xml', 20, [18, 20, 30]), timed('b.xml', 6, [6])],
    ]);
    expect(a).toMatchObject({ input: 'a.xml', items: 2, time: { median: 15, min: 9, max: 30, calls: 6 } });
    expect(b?.time?.median).toBe(5);
  });

  it('keeps the passes that read an input, and its error when none did', () => {
    const failed = (input: string, error: string): InputResult => ({ input, bytes: 10, error });
    const [a, b] = acrossPasses([
      [failed('a.xml', 'timed out'), failed('b.xml', 'not a feed')],
      [timed('a.xml', 8, [8]), failed('b.xml', 'not a feed again')],
    ]);
    expect(a).toMatchObject({ input: 'a.xml', time: { median: 8 } });
    expect(a?.error).toBeUndefined();
    expect(b).toEqual({ input: 'b.xml', bytes: 10, error: 'not a feed' });
  });
});

describe('inputsFor (inputs a contender is not run on)', () => {
  const entry = (name: string): ManifestEntry => ({ name, path: `/x/${name}`, group: 'synthetic', bytes: 5 });
  it('leaves the composite off the 20,000-item feed, saying why, and runs it on the rest', () => {
    const all = [entry('synthetic/rss-1000-items.xml'), entry('synthetic/rss-20000-small-items.xml')];
    const { inputs, notRun } = inputsFor(contender('composite'), all);
    expect(inputs.map((m) => m.name)).toEqual(['synthetic/rss-1000-items.xml']);
    expect(notRun).toEqual([{ input: 'synthetic/rss-20000-small-items.xml', bytes: 5, error: expect.stringMatching(/^not run: sanitize-html on 20,000 bodies/) }]);
    expect(inputsFor(contender('rowanmanning'), all)).toEqual({ inputs: all, notRun: [] });
  });
});
