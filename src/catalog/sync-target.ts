import type { RepoKey } from "./repo-key.js";

/** Credentials a repository needs, resolved to file paths. */
export interface TargetAuth {
  readonly kind: "client-certificate";
  readonly certEnv: string;
  readonly keyEnv: string;
  readonly caEnv: string | undefined;
  readonly caFile: string | undefined;
}

/** One repository to sync, with the base URLs to try in order. */
export interface SyncTarget {
  readonly key: RepoKey;
  readonly urls: readonly string[];
  /** The repository's path below a mirror's base URL (9/BaseOS/x86_64/os/), or null when its URL is not mirror-relative. */
  readonly mirrorPath: string | null;
  readonly auth: TargetAuth | null;
  /** Key that must have signed repomd.xml, or null when the catalog asks for no signature check. */
  readonly gpgKey: string | null;
}
