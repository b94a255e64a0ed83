/** A package build an advisory ships (the fixed version). */
export interface AdvisoryPackage {
  readonly name: string;
  /** [epoch:]version-release as the advisory writes it. */
  readonly evr: string;
  /** The major release it is for ("9"), when the source says. */
  readonly major: string | null;
  /** x86_64, noarch, src ...: the package's architecture, when the source names it per package (CSAF); else null. */
  readonly arch: string | null;
  /**
   * The product stream the source files it under, when it has one: Red Hat CSAF's product id prefix
   * `BaseOS-9.4.0.Z.MAIN.EUS` gives "9.4.0.Z.MAIN.EUS" (a GA batch: "9.4.0.GA"); else null.
   */
  readonly stream: string | null;
  /** The repository that stream names ("BaseOS", "AppStream"), or null. */
  readonly repository: string | null;
  /** The minor release that stream is for ("9.4"), or null. */
  readonly release: string | null;
}

/**
 * A fixed package of a source that names no architecture or product stream (OSV, updateinfo, Apollo, errata.json).
 *
 * @example
 * plainPackage("kernel", "5.14.0-427.16.1.el9_4", "9") // { name: "kernel", ..., arch: null, stream: null, ... }
 */
export function plainPackage(name: string, evr: string, major: string | null): AdvisoryPackage {
  return { name, evr, major, arch: null, stream: null, repository: null, release: null };
}

/** One advisory (errata) as a source states it, or a problem with one entry of the source. */
export type AdvisoryRecord =
  | {
      readonly kind: "advisory";
      /** ALSA-2024:8793, RHSA-2024:8793, RLSA-2024:8793, ELSA-2024-8793 ... */
      readonly id: string;
      readonly type: "security" | "bugfix" | "enhancement" | "unknown";
      /** Critical, Important, Moderate, Low, or null when unknown. */
      readonly severity: string | null;
      readonly summary: string;
      /** The source's own dates (ISO 8601). For AlmaLinux OSV, `published` copies the upstream advisory's date. */
      readonly issued: string | null;
      readonly updated: string | null;
      /** Upstream advisories this one rebuilds (RHSA-2024:8793). */
      readonly upstreamIds: readonly string[];
      readonly cves: readonly string[];
      readonly packages: readonly AdvisoryPackage[];
    }
  | { readonly kind: "warning"; readonly message: string };
