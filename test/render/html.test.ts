import { describe, expect, it } from 'vitest';
import { isAllowedHtml, safeBodyHtml } from '../../shared/render/html.js';

const BASE = 'https://www.antaranews.com/berita/1/floods';

describe('body html', () => {
  it('passes an already clean body through unchanged', () => {
    const html =
      '<p>JAKARTA - Rain <em>pushed</em> the river over its banks &amp; 3,000 moved.</p>' +
      '<figure><img src="https://img.test/a.jpg" alt="Street" width="800"/><figcaption>A street</figcaption></figure>' +
      '<p><a href="https://www.antaranews.com/berita/2?a=1&amp;b=2" title="More">Read more</a></p>';
    expect(isAllowedHtml(html)).toBe(true);
    expect(safeBodyHtml(html, BASE)).toBe(html);
  });

  it.each([
    ['a script element', '<p>x</p><script>alert(1)</script>'],
    ['an upper-case script element', '<SCRIPT>alert(1)</SCRIPT>'],
    ['an event handler', '<p onclick="alert(1)">x</p>'],
    ['an unquoted event handler', '<img src=x onerror=alert(1)>'],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>'],
    ['a javascript: link hidden by entities', '<a href="jav&#x61;script:alert(1)">x</a>'],
    ['a javascript: link behind spaces', '<a href=" javascript:alert(1)">x</a>'],
    ['a data: image', '<img src="data:image/svg+xml,<svg onload=alert(1)>">'],
    ['a relative link', '<a href="/berita/2">x</a>'],
    ['a protocol-relative link', '<a href="//evil.test/">x</a>'],
    ['an iframe', '<iframe src="https://evil.test"></iframe>'],
    ['a style attribute', '<p style="position:fixed">x</p>'],
    ['a comment', '<!-- <script>alert(1)</script> -->'],
    ['a stray angle bracket', '<p>a <b</p>'],
    ['svg', '<svg><a href="https://x.test">x</a></svg>'],
  ])('sends %s through the sanitizer', (_name, html) => {
    expect(isAllowedHtml(html)).toBe(false);
    const out = safeBodyHtml(html, BASE).toLowerCase();
    expect(out).not.toMatch(/<script|onclick|onerror|javascript:|<iframe|<svg|style=|data:/);
  });

  it('makes relative links absolute against the article URL', () => {
    expect(safeBodyHtml('<p><a href="../2">two</a><img src="img.jpg" alt=""></p>', BASE)).toBe(
      '<p><a href="https://www.antaranews.com/berita/2">two</a><img src="https://www.antaranews.com/berita/1/img.jpg" alt="" /></p>',
    );
  });

  it('resolves the same body against each article URL it belongs to', () => {
    const html = '<a href="next">n</a>';
    expect(safeBodyHtml(html, 'https://a.test/x/1')).toBe('<a href="https://a.test/x/next">n</a>');
    expect(safeBodyHtml(html, 'https://b.test/y/1')).toBe('<a href="https://b.test/y/next">n</a>');
  });
});
