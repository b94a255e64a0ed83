import type { Nevra } from "./nevra.js";

/**
 * One package as primary.xml describes it. Times are Unix seconds as the
 * metadata gives them (`<time file=... build=...>`); the observer's own clock
 * is kept separately by the store.
 * See https://docs.pulpproject.org/en/2.19/plugins/pulp_rpm/tech-reference/rpm.html#primary-xml
 */
export interface PackageRecord extends Nevra {
  readonly checksumType: string;
  readonly checksum: string;
  readonly summary: string;
  readonly url: string | null;
  readonly packager: string | null;
  readonly license: string | null;
  readonly vendor: string | null;
  readonly group: string | null;
  readonly buildhost: string | null;
  readonly sourcerpm: string | null;
  readonly location: string;
  readonly fileTime: number | null;
  readonly buildTime: number | null;
  readonly packageSize: number | null;
  readonly installedSize: number | null;
}
