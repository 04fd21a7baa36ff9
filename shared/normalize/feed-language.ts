import type { WireItem } from '../model/wire-item.js';
import { type Document, parseCheckedHtml } from './dom.js';
import { DETECT_SAMPLE_CHARS, detectFeedLanguage } from './language.js';
import { paragraphText, paragraphsOf } from './paragraph-text.js';

/** The HTML an item's body is made from. */
export function bodyHtmlOf(item: WireItem): string {
  return item.contentHtml ?? item.summaryHtml ?? '';
}

/**
 * A feed's detected language (detectFeedLanguage over each item's title and paragraphText of its body, in
 * document order), read from the trees the bodies are parsed into for normalization instead of parsing each body
 * a second time: while the detector's opening is not full, a body's raw paragraphs are kept as it is parsed (before
 * the steps edit its tree); a body the detection reads before its item's turn is parsed then, and that tree goes
 * to the item's normalization. Only a body already normalized without its text kept (or an item not to be
 * normalized) is parsed again, as before.
 */
export class FeedLanguage {
  private readonly texts = new Map<number, string>();
  private readonly trees = new Map<number, Document>();
  private keptChars = 0;
  private lastParsed = -1;
  private detected: { lang: string | undefined } | undefined;

  /**
   * `items`: every item of the document, or undefined when a stated language rules detection out. Items for which
   * `pending` is true are normalized later, in order, and their HTML was checked against HTML_LIMITS.
   */
  constructor(
    private readonly items: WireItem[] | undefined,
    private readonly pending: (index: number) => boolean,
  ) {}

  /** The tree of item `index`'s body (HTML checked against the limits), for its normalization. */
  bodyTree(index: number, item: WireItem): Document {
    this.lastParsed = index;
    const ahead = this.trees.get(index);
    if (ahead) {
      this.trees.delete(index);
      return ahead;
    }
    const doc = parseCheckedHtml(bodyHtmlOf(item));
    if (this.items && !this.detected && this.keptChars < DETECT_SAMPLE_CHARS) {
      const text = paragraphsOf(doc).join('\n\n');
      this.texts.set(index, text);
      this.keptChars += text.length;
    }
    return doc;
  }

  /** The language detected over the whole feed, computed at the first ask. */
  language(): string | undefined {
    if (!this.detected) {
      this.detected = { lang: detectFeedLanguage(this.items ?? [], (item, index) => `${item.title ?? ''}\n${this.textOf(item, index)}`) };
      this.texts.clear();
    }
    return this.detected.lang;
  }

  private textOf(item: WireItem, index: number): string {
    const kept = this.texts.get(index);
    if (kept !== undefined) return kept;
    if (index <= this.lastParsed || !this.pending(index)) return paragraphText(bodyHtmlOf(item));
    const doc = parseCheckedHtml(bodyHtmlOf(item));
    this.trees.set(index, doc);
    return paragraphsOf(doc).join('\n\n');
  }
}
