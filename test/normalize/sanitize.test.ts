import { describe, expect, it } from 'vitest';
import { cleanBody } from '../../shared/normalize/body.js';
import { absoluteUrl, isTrackingPixel, sanitizeBody, stripTrackingParams } from '../../shared/normalize/sanitize.js';

const BASE = 'https://partner.example/news/2024/story.html';

describe('sanitize', () => {
  it('keeps paragraphs, headings, lists, quotes, links, images, figures and tables', () => {
    const html =
      '<h2>Sub</h2><p>Text <strong>bold</strong> <em>it</em></p><ul><li>a</li></ul><ol><li>b</li></ol><blockquote><p>q</p></blockquote>' +
      '<figure><img src="https://x.example/i.jpg" alt="A"><figcaption>Cap</figcaption></figure>' +
      '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>c</td></tr></tbody></table><p><a href="https://x.example/">l</a></p>';
    expect(sanitizeBody(html, BASE)).toBe(html.replace('alt="A">', 'alt="A" />'));
  });

  it.each([
    ['a script', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['a style sheet', '<style>p{color:red}</style><p>a</p>', '<p>a</p>'],
    ['an iframe and its fallback text', '<p>a</p><iframe src="https://evil.example">fallback</iframe>', '<p>a</p>'],
    ['event handlers', '<p onclick="steal()" onmouseover="x()">a</p>', '<p>a</p>'],
    ['javascript: links', '<p><a href="javascript:alert(1)">a</a></p>', '<p><a>a</a></p>'],
    ['data: images', '<p><img src="data:image/png;base64,AAAA">a</p>', '<p>a</p>'],
    ['style and class attributes', '<p style="color:red" class="x">a</p>', '<p>a</p>'],
  ])('drops %s', (_name, html, expected) => {
    expect(sanitizeBody(html, BASE)).toBe(expected);
  });

  it('makes relative and protocol-relative URLs absolute against the item URL', () => {
    const out = sanitizeBody('<p><a href="/other">a</a> <a href="//cdn.example/x">b</a><img src="img/p.jpg"></p>', BASE);
    expect(out).toBe('<p><a href="https://partner.example/other">a</a> <a href="https://cdn.example/x">b</a><img src="https://partner.example/news/2024/img/p.jpg" /></p>');
  });

  it('drops a relative link it cannot resolve (no base) but keeps its text', () => {
    expect(sanitizeBody('<p><a href="/x">a</a></p>', undefined)).toBe('<p><a>a</a></p>');
  });

  it('strips utm_* and fbclid from image URLs and keeps other parameters', () => {
    expect(stripTrackingParams('https://x.example/i.jpg?w=600&utm_source=rss&utm_medium=feed&fbclid=abc')).toBe('https://x.example/i.jpg?w=600');
    expect(sanitizeBody('<img src="https://x.example/i.jpg?w=600&utm_campaign=a">', BASE)).toBe('<img src="https://x.example/i.jpg?w=600" />');
  });

  it('drops 1×1 tracking pixels and images from known counters', () => {
    expect(isTrackingPixel('https://x.example/a.gif', '1', '1')).toBe(true);
    expect(isTrackingPixel('https://feeds.feedburner.com/~r/news/~4/abc')).toBe(true);
    expect(isTrackingPixel('https://pixel.wp.com/b.gif?host=x')).toBe(true);
    expect(isTrackingPixel('https://x.example/photo.jpg', '600', '400')).toBe(false);
    expect(sanitizeBody('<p>a<img src="https://x.example/t.gif" width="1" height="1"></p>', BASE)).toBe('<p>a</p>');
  });

  it('takes the real picture of a lazy-loaded image from data-src', () => {
    expect(sanitizeBody('<img src="data:image/gif;base64,R0lGOD" data-src="/real.jpg">', BASE)).toBe('<img src="https://partner.example/real.jpg" />');
  });

  it('resolves only http(s) and mailto URLs', () => {
    expect(absoluteUrl('ftp://x.example/a', BASE)).toBeUndefined();
    expect(absoluteUrl('mailto:desk@x.example', BASE)).toBe('mailto:desk@x.example');
    expect(absoluteUrl('../a', BASE)).toBe('https://partner.example/news/a');
  });

  it('keeps the paragraphs of layout wrappers apart', () => {
    expect(cleanBody('<section><div>One</div><div>Two</div></section>', BASE).text).toBe('One\n\nTwo');
  });

  it('escapes markup characters in text and attributes on output', () => {
    const body = cleanBody('<p>a &lt; b &amp; c "q"</p><p><a href="https://x.example/?a=1&amp;b=2">l</a></p>', BASE);
    expect(body.html).toBe('<p>a &lt; b &amp; c "q"</p><p><a href="https://x.example/?a=1&amp;b=2">l</a></p>');
    expect(body.text).toBe('a < b & c "q"\n\nl');
  });
});

describe('sanitize: output well-formed as XML too', () => {
  it('writes a no-break space as &#160; (XML has no &nbsp;) and literal "&amp;nbsp;" text unchanged', () => {
    expect(cleanBody('<p>5&nbsp;€ and &amp;nbsp;</p>', BASE).html).toBe('<p>5&#160;€ and &amp;nbsp;</p>');
  });

  it('closes void elements and keeps empty attribute values: <img alt=""> → <img … alt="" />', () => {
    expect(cleanBody('<p>a<br>b <img src="https://x.example/i.jpg" alt=""></p>', BASE).html).toBe(
      '<p>a</p><p>b <img src="https://x.example/i.jpg" alt="" /></p>',
    );
  });
});
