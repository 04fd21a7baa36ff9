/** Base of every error wirefeed reports to a person: its message is one clear line. */
export class WirefeedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The document is not a feed wirefeed can read (an HTML page, JSON that is not JSON Feed, binary, empty). */
export class NotAFeedError extends WirefeedError {}

/** The document looked like a feed but could not be read at all. */
export class FeedParseError extends WirefeedError {}

/** The document ends before its root element closes and no item was complete before the cut. */
export class TruncatedFeedError extends FeedParseError {}

/** The document is refused before parsing: over the size limit, or hostile (entity expansion). */
export class UnsafeFeedError extends WirefeedError {}

/** The partners configuration is invalid; the message names the field. */
export class ConfigError extends WirefeedError {}

/** A body that arrived whole but whose Content-Encoding could not be undone: the bytes as they came. */
export interface UndecodedBody {
  /** The URL handed back for keeping (never one that carried the credential). */
  url: string;
  httpStatus: number;
  contentType?: string;
  etag?: string;
  /** The Content-Encoding header the bytes are still in (`gzip`, `br, gzip`). */
  contentEncoding: string;
  body: Uint8Array;
}

/** Fetching a partner's feed failed (network, status, limits, refused address). */
export class FetchError extends WirefeedError {
  /**
   * What was received when only decoding failed, so it can be archived like every payload fetched. Not
   * enumerable: an error logged whole does not print a body's bytes.
   */
  declare readonly received?: UndecodedBody;

  constructor(
    message: string,
    readonly kind: 'network' | 'timeout' | 'status' | 'too-large' | 'refused-address' | 'redirects' | 'protocol',
    readonly status?: number,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown; received?: UndecodedBody },
  ) {
    super(message, options);
    if (options?.received) Object.defineProperty(this, 'received', { value: options.received, enumerable: false });
  }
}

/** A write lost a race: another run stored a newer version first. */
export class VersionConflictError extends WirefeedError {
  /** Ids of the articles whose write lost (the other articles of the batch were written). */
  readonly ids: string[];

  constructor(message: string, options?: { cause?: unknown; ids?: string[] }) {
    super(message, options);
    this.ids = options?.ids ?? [];
  }
}

/** An article the store could not hold, with a one-line reason naming it. */
export interface RefusedArticle {
  id: string;
  guid: string;
  reason: string;
}

/**
 * Articles the store could not hold (too large even compressed, or refused by DynamoDB in the write); every other
 * article of the write was stored.
 */
export class ArticlesRefusedError extends WirefeedError {
  constructor(
    message: string,
    readonly refused: RefusedArticle[],
  ) {
    super(message);
  }
}

/** An edit based on what was read lost to another edit made since (a partner changed by someone else). */
export class EditConflictError extends WirefeedError {}

/** A storage call (DynamoDB, S3) still failed after its retries, or its data could not be read back. */
export class StorageError extends WirefeedError {
  /**
   * The store was throttled or unavailable through every attempt: the request was sound, and the same one later
   * should do (the API answers 503 with Retry-After, not 500).
   */
  readonly busy: boolean;

  constructor(message: string, options?: { cause?: unknown; busy?: boolean }) {
    super(message, options);
    this.busy = options?.busy ?? false;
  }
}

/** Unknown resource asked of the API. */
export class NotFoundError extends WirefeedError {}

/** A request parameter is invalid. */
export class BadRequestError extends WirefeedError {}

/** One line for a person: the error's message, never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

/** An item's HTML is refused before parsing: nested too deep, too many elements, too large, or over the time budget. */
export class UnsafeHtmlError extends UnsafeFeedError {
  constructor(
    message: string,
    readonly context: { partnerId?: string; item?: string; limit?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
