/**
 * One release date as the store takes it in; `source`, when given, names where this very date came
 * from (a commit of a page's history) instead of the import's label.
 */
export interface ReleaseDateRow {
  readonly release: string;
  readonly stage: string;
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly source?: string;
}
