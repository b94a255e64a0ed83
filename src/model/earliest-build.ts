/** A build of a package with the earliest times any repository carried it (unix seconds from the metadata; the observer's ISO time). */
export interface EarliestBuild {
  readonly name: string;
  readonly epoch: number;
  readonly version: string;
  readonly release: string;
  readonly fileTime: number | null;
  readonly firstSeen: string;
}
