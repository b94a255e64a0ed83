/**
 * What every query answer carries beside its rows: when the data it read was last fetched,
 * per distribution (null: unknown), and the sources it was read from, so no figure stands
 * without its source and as-of time.
 */
export interface Measured {
  readonly asOf: Readonly<Record<string, string | null>>;
  readonly sources: readonly string[];
}
