import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS } from '../infra/settings.js';
import { CONFIG_KEYS } from '../shared/config.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The names in the first column of the markdown table that follows `heading`. */
function firstColumn(heading: string): string[] {
  const section = readme.slice(readme.indexOf(heading));
  const table = section.slice(section.indexOf('\n|')).split('\n\n')[0]!;
  return table
    .split('\n')
    .slice(3)
    .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

describe('README', () => {
  it('lists every environment variable the code reads, and none it does not', () => {
    const documented = firstColumn('### Environment variables').filter((name) => name !== 'WIREFEED_SECRET_*');
    expect([...documented].sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it('lists every deploy setting the CDK app reads, and none it does not', () => {
    expect([...firstColumn('### Deploy\n')].sort()).toEqual([...CONTEXT_KEYS].sort());
  });
});
