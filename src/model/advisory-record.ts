/** A package build an advisory ships (the fixed version). */
export interface AdvisoryPackage {
  readonly name: string;
  /** [epoch:]version-release as the advisory writes it. */
  readonly evr: string;
  /** The major release it is for ("9"), when the source says. */
  readonly major: string | null;
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
