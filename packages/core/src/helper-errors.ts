import { WeavrError } from './errors.js';

/**
 * `paginate` stopped because the server does not page as the spec says: a page repeated the one before it
 * (the server ignored `offset`), so going on would loop for ever. Carries where it stopped.
 */
export class WeavrPaginationError extends WeavrError {
  override name = 'WeavrPaginationError';
  readonly path: string;
  /** The offset of the page that repeated the previous one. */
  readonly offset: number;
  /** Weavr's `request-ref` of that page. */
  readonly requestRef: string | undefined;
  constructor(message: string, info: { path: string; offset: number; requestRef: string | undefined }) {
    super(message);
    this.path = info.path;
    this.offset = info.offset;
    this.requestRef = info.requestRef;
  }
}

/**
 * `bulk.done()` stopped because Weavr reported a bulk state its spec does not define: waiting could not
 * end. `state` is what came back (the empty string when none did).
 */
export class WeavrBulkStateError extends WeavrError {
  override name = 'WeavrBulkStateError';
  readonly bulkId: string;
  readonly state: string;
  constructor(message: string, info: { bulkId: string; state: string }) {
    super(message);
    this.bulkId = info.bulkId;
    this.state = info.state;
  }
}
