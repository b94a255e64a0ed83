/** One source build (name-version-release) of a distribution, as its repositories show it. */
export interface SourceBuild {
  readonly name: string;
  readonly epoch: number;
  readonly version: string;
  readonly release: string;
  /** Catalog releases ("9", "9.4") whose repositories carry it, sorted. */
  readonly releases: readonly string[];
  /** Repositories carrying it, sorted. */
  readonly repos: readonly string[];
  /** Earliest metadata file time of any of its packages (Unix seconds), or null. */
  readonly fileTime: number | null;
  /** Earliest time the observer saw any of its packages (ISO 8601). */
  readonly firstSeen: string;
}
