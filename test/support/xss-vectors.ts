/**
 * Our own XSS vectors, one or more per class of the public corpora (DOMPurify's test/fixtures/expect.mjs and
 * html5sec.org): written for wirefeed's pipeline, not copied. Every vector that could run script calls `alert(n)`
 * or sets `window.__xss`, so the browser check can tell.
 */
export interface XssVector {
  class: string;
  name: string;
  html: string;
}

const v = (cls: string, name: string, html: string): XssVector => ({ class: cls, name, html });

export const XSS_VECTORS: XssVector[] = [
  // Script and event handlers
  v('script', 'a plain script', '<p>a</p><script>alert(1)</script>'),
  v('script', 'an upper-case script with attributes', '<SCRIPT type="text/javascript" SRC="https://evil.test/x.js"></SCRIPT><p>b</p>'),
  v('script', 'a script split by a null byte', '<scr\u0000ipt>alert(2)</scr\u0000ipt>'),
  v('script', 'a script inside an allowed paragraph', '<p>x<script>window.__xss=1</script>y</p>'),
  v('event handler', 'img onerror, unquoted', '<img src=x onerror=alert(3)>'),
  v('event handler', 'img onerror with a slash separator', '<img/src=x/onerror=alert(4)>'),
  v('event handler', 'body onload', '<body onload=alert(5)><p>t</p></body>'),
  v('event handler', 'details ontoggle', '<details open ontoggle=alert(6)><summary>s</summary></details>'),
  v('event handler', 'input autofocus onfocus', '<input autofocus onfocus=alert(7)>'),
  v('event handler', 'a paragraph onmouseover', '<p onmouseover="alert(8)" onclick=\'alert(9)\'>hover</p>'),
  v('event handler', 'video source onerror', '<video><source onerror="alert(10)"></video>'),
  v('event handler', 'marquee onstart', '<marquee onstart=alert(11)>m</marquee>'),
  v('event handler', 'an attribute name glued by a quote', '<img src="x"onerror="alert(12)">'),
  v('event handler', 'a handler on an allowed link', '<a href="https://ok.test/" onfocus="alert(13)" autofocus>l</a>'),
  // URL schemes and their obfuscation
  v('scheme', 'javascript: link', '<a href="javascript:alert(14)">l</a>'),
  v('scheme', 'mixed-case scheme', '<a href="JaVaScRiPt:alert(15)">l</a>'),
  v('scheme', 'tab inside the scheme', '<a href="jav&#x09;ascript:alert(16)">l</a>'),
  v('scheme', 'newline inside the scheme', '<a href="java&#10;script:alert(17)">l</a>'),
  v('scheme', 'entity-encoded scheme letters', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(18)">l</a>'),
  v('scheme', 'hex entities without semicolons', '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(19)">l</a>'),
  v('scheme', 'named colon entity', '<a href="javascript&colon;alert(20)">l</a>'),
  v('scheme', 'leading control characters and spaces', '<a href="\u0001\u0010 javascript:alert(21)">l</a>'),
  v('scheme', 'Unicode line separator before the scheme', '<a href="\u2028javascript:alert(22)">l</a>'),
  v('scheme', 'vbscript:', '<a href="vbscript:msgbox(23)">l</a>'),
  v('scheme', 'data: text/html link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyNCk8L3NjcmlwdD4=">l</a>'),
  v('scheme', 'data: SVG image', '<img src="data:image/svg+xml,<svg onload=alert(25)>">'),
  v('scheme', 'data: raster image', '<img src="data:image/png;base64,iVBORw0KGgo=">'),
  v('scheme', 'javascript: in blockquote cite', '<blockquote cite="javascript:alert(26)"><p>q</p></blockquote>'),
  v('scheme', 'javascript: in a lazy image data-src', '<img src="data:image/gif;base64,R0lGOD" data-src="javascript:alert(27)">'),
  v('scheme', 'protocol-relative with backslashes', '<a href="\\\\evil.test/x">l</a>'),
  // Dangerous elements
  v('element', 'iframe with srcdoc', '<iframe srcdoc="&lt;script&gt;alert(28)&lt;/script&gt;"></iframe>'),
  v('element', 'iframe with a javascript: src', '<iframe src="javascript:alert(29)"></iframe>'),
  v('element', 'object data', '<object data="javascript:alert(30)"></object>'),
  v('element', 'embed src', '<embed src="data:text/html,<script>alert(31)</script>">'),
  v('element', 'base href hijacking later links', '<base href="javascript:alert(32)//"><a href="/x">l</a>'),
  v('element', 'meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(33)">'),
  v('element', 'form with javascript: action', '<form action="javascript:alert(34)"><button>go</button></form>'),
  v('element', 'button formaction', '<button formaction="javascript:alert(35)">b</button>'),
  v('element', 'isindex action', '<isindex action="javascript:alert(36)" type=image>'),
  v('element', 'link import', '<link rel="import" href="data:text/html,<script>alert(37)</script>">'),
  v('element', 'style element', '<style>@import "javascript:alert(38)"; body{background:url(javascript:alert(39))}</style><p>s</p>'),
  v('element', 'style attribute', '<p style="background:url(javascript:alert(40));behavior:url(x.htc)">s</p>'),
  v('element', 'template content', '<template><img src=x onerror=alert(41)></template>'),
  v('element', 'frameset onload', '<frameset onload=alert(42)>'),
  // SVG and MathML
  v('svg', 'svg onload', '<svg onload=alert(43)>'),
  v('svg', 'svg script', '<svg><script>alert(44)</script></svg>'),
  v('svg', 'svg animate setting an href', '<svg><a><animate attributeName=href values=javascript:alert(45) /><text x=20 y=20>c</text></a></svg>'),
  v('svg', 'svg foreignObject with HTML', '<svg><foreignObject><img src=x onerror=alert(46)></foreignObject></svg>'),
  v('svg', 'svg use with a data: href', '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(47)>#x"/></svg>'),
  v('mathml', 'math with a javascript: href', '<math href="javascript:alert(48)"><mi>x</mi></math>'),
  v('mathml', 'maction with xlink:href', '<math><maction actiontype="statusline" xlink:href="javascript:alert(49)">c</maction></math>'),
  // Mutation XSS and namespace confusion
  v('mxss', 'style inside svg closes differently in HTML', '<svg><style><img src=x onerror=alert(50)></style></svg>'),
  v('mxss', 'math mtext table mglyph style comment', '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(51)&gt;"></mglyph></table></mtext></math>'),
  v('mxss', 'noscript attribute breaking out', '<noscript><p title="</noscript><img src=x onerror=alert(52)>"></noscript>'),
  v('mxss', 'title and textarea text that looks like markup', '<title><img src=x onerror=alert(53)></title><textarea></textarea><img src=x onerror=alert(54)></textarea>'),
  v('mxss', 'form nested in form', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(55)>'),
  v('mxss', 'a quoted attribute holding a closing tag', '<a href="https://ok.test/" title="</a><img src=x onerror=alert(56)>">l</a>'),
  v('mxss', 'backticks and unquoted values', '<img src=`x` onerror=`alert(57)`><a title=a`b href=https://ok.test/>l</a>'),
  v('mxss', 'select and option content', '<select><option><img src=x onerror=alert(58)></option></select>'),
  v('mxss', 'xmp and plaintext raw text', '<xmp><img src=x onerror=alert(59)></xmp><plaintext><img src=x onerror=alert(60)>'),
  // Comments, CDATA, processing instructions, entities
  v('comment', 'a comment hiding a script', '<!--<script>alert(61)</script>--><p>c</p>'),
  v('comment', 'a comment closed by --!>', '<!-- --!><img src=x onerror=alert(62)> -->'),
  v('comment', 'an abrupt empty comment', '<!--><img src=x onerror=alert(63)>-->'),
  v('comment', 'CDATA in HTML', '<![CDATA[<img src=x onerror=alert(64)>]]>'),
  v('comment', 'a processing instruction', '<?xml version="1.0"?><img src=x onerror=alert(65)>'),
  v('entity', 'an escaped script stays text', '<p>&lt;script&gt;alert(66)&lt;/script&gt;</p>'),
  v('entity', 'a double-escaped image stays text', '<p>&amp;lt;img src=x onerror=alert(67)&amp;gt;</p>'),
  v('entity', 'entities inside an event handler', '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;(68)">'),
  v('entity', 'an encoded quote breaking out of an attribute', '<a href="https://ok.test/&quot; onmouseover=&quot;alert(69)">l</a>'),
  // DOM clobbering
  v('clobbering', 'name and id attributes', '<img src="https://ok.test/i.jpg" name="cookie" id="createElement"><form name="body"></form>'),
];
