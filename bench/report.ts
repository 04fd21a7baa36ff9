import type { ApiSection } from './api-bench.js';
import type { AwsCallsSection } from './aws-calls.js';
import type { ColdStartSection } from './coldstart.js';
import type { ParseSection, View } from './parse-bench.js';
import type { ProfileSection } from './profile.js';
import type { RenderSection } from './render-bench.js';
import { renderScaleTable, scaleFromResults } from './scale.js';
import type { MemoryResult } from './parse-worker.js';

export interface BenchResults {
  startedAt: string;
  durationSeconds?: number;
  quick: boolean;
  machine: { node: string; cpu: string; cores: number; memoryGb: number; platform: string; commit?: string };
  corpusDirs: string[];
  parse?: ParseSection;
  render?: RenderSection;
  api?: ApiSection;
  coldStart?: ColdStartSection;
  awsCalls?: AwsCallsSection;
  profile?: ProfileSection;
  errors?: Record<string, string>;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
  /** For a missed target: how far off, in the target's own terms. */
  gap?: string;
}

/** How far a measured figure is from a threshold: "needs 2.5× more" for at-least targets, "1.8× over" for at-most ones. */
export function gapText(measured: number, threshold: number, kind: 'at-least' | 'at-most'): string | undefined {
  const factor = kind === 'at-least' ? threshold / measured : measured / threshold;
  if (factor <= 1) return undefined;
  // Near misses read better as a percentage: "needs 12% more" rather than "needs 1.1× more".
  const amount = factor < 1.5 ? `${Math.max(1, Math.round((factor - 1) * 100))}%` : `${factor.toFixed(1)}×`;
  return kind === 'at-least' ? `needs ${amount} more` : `${amount} over`;
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** The targets of issue 8, checked against one run's figures. */
export function checkTargets(r: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (r.parse) {
    for (const view of r.parse.views) {
      const fastest = view.fastestPeer;
      if (!fastest) continue;
      for (const [w, need] of [
        ['wirefeed', 1.0],
        ['wirefeed-parse', 1.5],
      ] as const) {
        const ratio = view.ratios[w]?.[fastest];
        if (ratio === undefined) continue;
        checks.push({
          target: `${w === 'wirefeed' ? 'parseFeed (full)' : 'readFeed (parse stage)'} ≥ ${need.toFixed(1)}× fastest peer on ${view.name}`,
          measured: `${ratio.toFixed(2)}× ${fastest}`,
          met: ratio >= need,
          gap: gapText(ratio, need, 'at-least'),
        });
      }
    }
    for (const view of r.parse.views) {
      const fastest = view.fastestPeer;
      const ratio = fastest === undefined ? undefined : view.ratios['wirefeed-poll']?.[fastest];
      if (ratio === undefined) continue;
      checks.push({
        target: `a steady-state poll (1 new item) costs ≤ the fastest peer's parse of ${view.name}`,
        measured: `${ratio.toFixed(2)}× ${fastest}`,
        met: ratio >= 1,
        gap: gapText(ratio, 1, 'at-least'),
      });
    }
    for (const view of r.parse.views) {
      const ratio = view.ratios.wirefeed?.composite;
      if (ratio === undefined) continue;
      checks.push({
        target: `parseFeed (full) ≥ 3× the composite peer (parse + sanitize-html + text) on ${view.name}`,
        measured: `${ratio.toFixed(2)}×`,
        met: ratio >= 3,
        gap: gapText(ratio, 3, 'at-least'),
      });
    }
    const mem = r.parse.memory.wirefeed as MemoryResult | undefined;
    if (mem && !('error' in mem && mem.error)) {
      const times = mem.peakExtra / mem.bytes;
      checks.push({ target: 'peak extra memory parsing the 10 MB feed ≤ 3× input', measured: `${times.toFixed(1)}× (${mb(mem.peakExtra)} for ${mb(mem.bytes)})`, met: times <= 3, gap: gapText(times, 3, 'at-most') });
    }
  }
  if (r.render) {
    for (const c of r.render.cases) {
      if (c.ratio === undefined) continue;
      // Issue 16: JSON Feed ≥ 1.0× (the feed package's json1 is little more than one JSON.stringify, the floor of
      // any JSON writer), RSS and Atom ≥ 3× (its XML goes through xml-js object trees).
      const target = c.format === 'json' ? 1 : 3;
      const label = target === 1 ? '1.0' : '3';
      checks.push({ target: `render ${c.format} ${c.articles} articles ≥ ${label}× feed package`, measured: `${c.ratio.toFixed(2)}×`, met: c.ratio >= target, gap: gapText(c.ratio, target, 'at-least') });
    }
    checks.push({ target: 'rendering byte-identical for identical input', measured: r.render.deterministic ? 'identical across runs and processes' : 'DIFFERS', met: r.render.deterministic });
  }
  if (r.api?.ratio !== undefined) {
    checks.push({ target: '304 responses ≥ 3× full responses (req/s)', measured: `${r.api.ratio.toFixed(2)}×`, met: r.api.ratio >= 3, gap: gapText(r.api.ratio, 3, 'at-least') });
  }
  if (r.coldStart) {
    for (const f of r.coldStart.functions) {
      if (f.limitKb !== undefined && f.bytes !== undefined) {
        checks.push({ target: `${f.name} bundle ≤ ${f.limitKb} KB minified`, measured: kb(f.bytes), met: f.bytes / 1024 <= f.limitKb, gap: gapText(f.bytes / 1024, f.limitKb, 'at-most') });
      }
      if (f.initMs !== undefined) {
        checks.push({ target: `${f.name} module init ≤ 250 ms here`, measured: `${f.initMs.median.toFixed(0)} ms`, met: f.initMs.median <= 250, gap: gapText(f.initMs.median, 250, 'at-most') });
      }
    }
  }
  if (r.awsCalls) {
    for (const s of r.awsCalls.scenarios) if (s.check) checks.push(s.check);
  }
  return checks;
}

function parseTable(view: View, section: ParseSection): string[] {
  const label = (name: string) => section.contenders.find((c) => c.name === name)?.label ?? name;
  const lines = [
    `#### ${view.name} — ${view.files} file${view.files === 1 ? '' : 's'}, ${mb(view.bytes)}${view.fastestPeer ? `; fastest peer: ${label(view.fastestPeer)}` : ''}`,
    '',
    '| contender | MB/s (median) | MB/s (min–max) | items/s | files read | full parseFeed vs it | parse stage vs it |',
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of [...view.rows].sort((a, b) => b.mbPerSecond - a.mbPerSecond)) {
    const full = view.ratios.wirefeed?.[row.contender];
    const parse = view.ratios['wirefeed-parse']?.[row.contender];
    lines.push(
      `| ${label(row.contender)} | ${fmt(row.mbPerSecond)} | ${fmt(row.mbPerSecondMin)}–${fmt(row.mbPerSecondMax)} | ${fmt(row.itemsPerSecond, 0)} | ${row.files}/${row.files + row.failed} | ${full === undefined ? '' : `${full.toFixed(2)}×`} | ${parse === undefined ? '' : `${parse.toFixed(2)}×`} |`,
    );
  }
  lines.push('');
  return lines;
}

/** The results as markdown: machine, targets, then one table per section. */
export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [
    '# wirefeed benchmark',
    '',
    `Run ${r.startedAt}${r.quick ? ' (--quick)' : ''}${r.durationSeconds !== undefined ? `, ${r.durationSeconds} s` : ''}; commit ${m.commit ?? '?'}.`,
    `Machine: Node ${m.node}, ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.platform}. Absolute figures on a shared 2-core machine are noisy; the ratios are measured in the same run.`,
    `Command: npm run bench${r.quick ? ' -- --quick' : ''}${r.corpusDirs.length ? `${r.quick ? '' : ' --'} ${r.corpusDirs.map((d) => `--corpus ${d}`).join(' ')}` : ''}`,
    '',
  ];
  const checks = checkTargets(r);
  if (checks.length > 0) {
    out.push('## Targets', '', '| target | measured | met | gap |', '|---|---|:-:|---|');
    for (const c of checks) out.push(`| ${c.target} | ${c.measured} | ${c.met === undefined ? '?' : c.met ? 'yes' : '**no**'} | ${c.gap ?? ''} |`);
    out.push('', 'Where the misses come from and what would close them: bench/NOTES.md.', '');
  }
  if (r.parse) {
    const p = r.parse;
    out.push(
      '## Parsing',
      '',
      `Each contender in its own Node process, same harness${p.passes && p.passes > 1 ? ` (${p.passes} passes over the contenders, the second in reverse order, each input's figure the median of the passes' medians)` : ''}: ${p.measure.large.warmupRounds} warm-up + ${p.measure.large.rounds} timed rounds on large inputs, ${p.measure.small.warmupRounds} + ${p.measure.small.rounds} rounds of ≥ ${p.measure.small.minRoundMs} ms on small ones${p.measure.small.groupWarmupMs ? `, after every small input has been called in turn for ${p.measure.small.groupWarmupMs / 1000} s (so that no file is timed while the code is still being optimized for the files after it)` : ''}; median, min, max. ` +
        'Groups of files are summed (total bytes over the sum of per-file medians). Ratios are the peer\'s time over wirefeed\'s on the files both read: above 1× wirefeed is faster. ' +
        'Every contender starts from the same raw bytes: wirefeed decodes them itself (charset detection included), string-only peers get `bytes.toString(\'utf8\')` inside the timed call. ' +
        'Peers run as their packages ship (JavaScript); wirefeed runs as it ships too, from an esbuild bundle of its code built for the run (bench/wirefeed-module.ts), not through the tsx loader, whose transform adds a naming call to every function it creates. ' +
        'The floor (fast-xml-parser building a raw tree) and the ceiling (saxes tokenizing, no tree) frame what any XML-based reader can do. ' +
        'The steady-state poll is ingestPartner on in-memory stores, the feed stored once, then each timed call a poll of the same feed whose newest item is a story never seen (the rest as stored). ' +
        'The composite is the same job assembled from parts: @rowanmanning/feed-parser with every item field read, sanitize-html (default allowlist) on every body, then the sanitized body to text (htmlparser2\'s streaming text callback, the cheapest such pass); it is never the "fastest peer".',
      '',
    );
    for (const view of p.views) out.push(...parseTable(view, p));
    const mems = Object.entries(p.memory);
    if (mems.length > 0) {
      out.push('### Peak extra memory parsing the 10 MB feed', '', '| contender | peak extra RSS | × input |', '|---|--:|--:|');
      for (const [name, mem] of mems) {
        const label = p.contenders.find((c) => c.name === name)?.label ?? name;
        if ('rssBefore' in mem && !mem.error) out.push(`| ${label} | ${mb(mem.peakExtra)}${mem.bounded ? ' (upper bound)' : ''} | ${(mem.peakExtra / mem.bytes).toFixed(1)}× |`);
        else out.push(`| ${label} | failed: ${mem.error} | |`);
      }
      out.push('', 'Peak extra RSS = the process\'s peak resident set (getrusage maxRSS) after the parse minus its resident set just before it, after a full GC, in a fresh process.', '');
    }
    if (p.itemMismatches.length > 0) {
      out.push(`Item counts differ from wirefeed's on ${p.itemMismatches.length} input(s) (see results.json, \`parse.itemMismatches\`).`, '');
    }
  }
  if (r.render) {
    out.push(
      '## Rendering',
      '',
      'Each renderer in its own processes, alternated (wirefeed, feed, three of each; one in --quick), same generated articles and harness; the median of the processes\' medians. Both sides timed to the UTF-8 bytes a server sends: the feed package\'s strings with their Buffer.from. wirefeed empties its render memos in every timed call.',
      '',
      '| format | articles | wirefeed ms (median) | feed package ms | wirefeed vs feed | output KB |', '|---|--:|--:|--:|--:|--:|');
    for (const c of r.render.cases) {
      out.push(`| ${c.format} | ${c.articles} | ${fmt(c.wirefeed?.median, 2)} | ${fmt(c.feed?.median, 2)} | ${c.ratio === undefined ? '–' : `${c.ratio.toFixed(2)}×`} | ${fmt(c.outputBytes / 1024, 0)} |`);
    }
    out.push('', `Byte-identical output for identical input: ${r.render.deterministic ? 'yes (two renders in one process, and a second process, give the same SHA-256)' : 'NO'}.`, '');
  }
  if (r.api) {
    out.push('## Publish API under load', '', `${r.api.setup}`, '', '| responses | req/s | p50 ms | p99 ms | errors | non-2xx/304 |', '|---|--:|--:|--:|--:|--:|');
    for (const run of r.api.runs) out.push(`| ${run.name} | ${fmt(run.requestsPerSecond, 0)} | ${fmt(run.p50)} | ${fmt(run.p99)} | ${run.errors} | ${run.unexpected} |`);
    out.push('', `304 over full responses: ${Object.entries(r.api.ratios).map(([k, v]) => `${v.toFixed(2)}× (${k})`).join(', ') || '–'}.`, '');
  }
  if (r.coldStart) {
    out.push('## Cold start', '', r.coldStart.how, '', '| function | bundle (minified) | gzip | limit | module init ms (median, min–max) | init without source maps |', '|---|--:|--:|--:|--:|--:|');
    const span = (s: { median: number; min: number; max: number } | undefined) => (s ? `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : '–');
    for (const f of r.coldStart.functions) {
      out.push(
        `| ${f.name} | ${f.bytes === undefined ? `failed: ${f.error}` : kb(f.bytes)} | ${f.gzipBytes === undefined ? '' : kb(f.gzipBytes)} | ${f.limitKb ? `${f.limitKb} KB` : ''} | ${f.initMs ? span(f.initMs) : (f.initError ?? '–')} | ${span(f.initMsNoSourceMaps)} |`,
      );
    }
    out.push('', 'Largest parts of each bundle (minified bytes by package):', '');
    for (const f of r.coldStart.functions) {
      if (f.largest) out.push(`- ${f.name}: ${f.largest.map((p) => `${p.path} ${kb(p.bytes)}`).join(', ')}`);
    }
    out.push('');
  }
  if (r.awsCalls) {
    out.push('## AWS calls per ingestion', '', r.awsCalls.how, '', '| scenario | S3 PUTs | S3 other | DynamoDB reads | DynamoDB writes | items written | RCU | WCU | ms (local) | calls by command |', '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|');
    for (const s of r.awsCalls.scenarios) {
      const c = s.counts;
      const kinds = Object.entries(c.itemsByKind).map(([k, v]) => `${k} ${v}`).join(', ');
      out.push(
        `| ${s.name} | ${c.s3Puts} | ${c.s3Other} | ${c.dynamoReads} | ${c.dynamoWrites} | ${c.itemsWritten}${kinds ? ` (${kinds})` : ''} | ${fmt(c.readCapacity, 1)} | ${fmt(c.writeCapacity, 1)} | ${fmt(s.durationMs, 0)} | ${Object.entries(c.byCommand).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
      );
    }
    for (const s of r.awsCalls.scenarios) {
      if (!s.memory) continue;
      const extra = s.memory.peakRss - s.memory.rssBefore;
      const items = s.summary.new + s.summary.updated + s.summary.unchanged;
      out.push(
        '',
        `${s.name}: ${fmt(s.durationMs / 1000, 1)} s on the local stack, peak RSS ${mb(s.memory.peakRss)} (${mb(extra)} over the ${mb(s.memory.rssBefore)} before it, ${(extra / s.memory.inputBytes).toFixed(1)}× the input), ` +
          `${fmt(s.counts.writeCapacity, 0)} WCU for ${items} articles (${fmt(s.counts.writeCapacity / Math.max(1, items), 1)} per article), ${s.counts.itemsWritten} items written${s.summary.error ? `; failed: ${s.summary.error}` : ''}.`,
      );
    }
    out.push('', `A stored article is about ${kb(r.awsCalls.articleBytes)} as JSON; the 50-item raw payload is ${kb(r.awsCalls.rawBytes)} (${kb(r.awsCalls.rawGzipBytes)} gzipped in S3).`, '');
  }
  const scale = scaleFromResults(r);
  if (scale) out.push('## Scale on paper (priced from the counted calls above)', '', ...renderScaleTable(scale), 'Reasoning and where the design bends: bench/scale.md.', '');
  if (r.profile) {
    out.push('## Where the time goes', '', r.profile.how, '');
    for (const run of r.profile.runs) {
      out.push(`### ${run.contender === 'wirefeed' ? 'parseFeed (full)' : 'readFeed (parse stage)'}`, '');
      out.push(`By stage: ${run.byStage.map((s) => `${s.stage} ${s.selfPercent.toFixed(0)}%`).join(', ')}.`, '');
      out.push('| self % | function | where |', '|--:|---|---|');
      for (const f of run.top) out.push(`| ${f.selfPercent.toFixed(1)} | ${f.functionName || '(anonymous)'} | ${f.where} |`);
      out.push('', '| self % | file |', '|--:|---|');
      for (const f of run.byFile) out.push(`| ${f.selfPercent.toFixed(1)} | ${f.file} |`);
      out.push('');
    }
  }
  if (r.errors) {
    out.push('## Sections that failed', '');
    for (const [k, v] of Object.entries(r.errors)) out.push(`- ${k}: ${v}`);
    out.push('');
  }
  return out.join('\n');
}
