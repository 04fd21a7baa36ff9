import { describe, expect, it } from 'vitest';
import { closest, editDistance, jsonErrorOffset, jsonErrorPosition } from '../shared/suggest.js';

describe('editDistance and closest', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['feedUrl', 'feedUrl', 0],
    ['lsit', 'list', 1],
  ])('counts %s → %s as %i edits', (a, b, n) => expect(editDistance(a, b)).toBe(n));

  it.each([
    ['a misspelt flag', 'feed-ulr', ['feed-url', 'name', 'interval'], 'feed-url'],
    ['snake case for camel case', 'feed_url', ['feedUrl', 'name'], 'feedUrl'],
    ['a misspelt partner id', 'kontn', ['kontan', 'meridian'], 'kontan'],
    ['nothing close', 'zzzzzz', ['kontan', 'meridian'], undefined],
  ])('suggests the nearest name for %s', (_case, wrong, known, expected) => {
    expect(closest(wrong, known)).toBe(expected);
  });
});

describe('jsonErrorPosition', () => {
  it('turns a JSON.parse position into the line and column an editor shows', () => {
    const text = '{\n  "partners": [\n    {"id": "a"},\n  ]\n}';
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e;
    }
    const position = jsonErrorPosition(text, error);
    expect(position).toMatchObject({ line: 4, column: 3 });
    expect(position.reason).not.toMatch(/position/);
  });

  it('points an unexpected end at the end of the text', () => {
    expect(jsonErrorPosition('{\n"a": 1', new SyntaxError('Unexpected end of JSON input'))).toEqual({
      line: 2,
      column: 7,
      reason: 'unexpected end of the document',
    });
  });
});

describe('jsonErrorOffset', () => {
  it.each([
    ['a trailing comma in an array', '[1,]', 3],
    ['a trailing comma in an object', '{"a":1,}', 7],
    ['a single-quoted key', "{'a':1}", 1],
    ['an unexpected end', '{"a":', 5],
    ['a stray word', '{"a": tru}', 9],
    ['text after the document', '{} x', 3],
  ])('finds %s', (_case, text, offset) => expect(jsonErrorOffset(text)).toBe(offset));

  it('finds nothing wrong in valid JSON', () => {
    expect(jsonErrorOffset('{"a": [1, -2.5e3, "x\\u00e9", true, null, {}]}')).toBeUndefined();
  });
});
