import type { Nevra } from "./nevra.js";

/** A stored package as commands show it. */
export interface StoredPackage extends Nevra {
  readonly sourcerpm: string | null;
  readonly summary: string;
  readonly location: string;
  readonly checksum: string;
  readonly fileTime: string | null;
  readonly buildTime: string | null;
  readonly firstSeen: string;
  readonly lastSeen: string;
}
