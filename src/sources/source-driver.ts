/** Where bytes came from, for error messages: the source id and the file within it. */
export interface ParseContext {
  readonly sourceId: string;
  readonly file: string;
}

/**
 * A parser for one kind of source: a pure function from bytes to records,
 * so it can run offline and be replayed. Every driver passes the shared
 * conformance suite (test/source-conformance.test.ts).
 *
 * @example
 * for await (const batch of getDriver("rpm-md-primary").parse(chunks, ctx)) console.log(batch.length);
 */
export interface SourceDriver<R = unknown> {
  readonly kind: string;
  readonly description: string;
  parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncIterable<readonly R[]>;
}
