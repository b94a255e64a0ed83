/** Where bytes came from, for error messages: the source id and the file within it. */
export interface ParseContext {
  readonly sourceId: string;
  readonly file: string;
}

/**
 * What a source kind's records are, and so which pipeline takes them in: "rpm-md" comes in with
 * `elscope sync`, "listings" (HTML directory listings) with `elscope images crawl`, and every other
 * family with `elscope import` and `elscope update` (src/ingest/importers.ts).
 */
export type SourceFamily =
  "rpm-md" | "release-dates" | "advisories" | "mirrors" | "images" | "popularity" | "listings" | "leapp";

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
  /** The one place a kind's family is declared; lists of kinds come from the registry (`kindsOf`). */
  readonly family: SourceFamily;
  readonly description: string;
  /**
   * What a truncated input gives: "error" for formats that can tell (XML, JSON, front matter),
   * "prefix" for those that cannot (Markdown tables: a cut table is a shorter table), whose
   * records must then be a subset of the whole input's; "line" for line-based formats without an
   * end marker (a YAML mapping): a cut mid-line is an error, a cut at a line end reads as a complete,
   * shorter file. Default "error".
   */
  readonly truncation?: "error" | "prefix" | "line";
  parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncIterable<readonly R[]>;
}
