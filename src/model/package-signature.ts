/** A package chosen for a signature read: where it is and what it is. */
export interface SignatureSample {
  readonly repository: string;
  readonly distro: string;
  readonly release: string;
  /** The snapshot's base URL, as sync fetched it. */
  readonly sourceUrl: string;
  /** The package's location in the repository (Packages/b/bash-5.1.8-9.el9.x86_64.rpm). */
  readonly location: string;
  readonly nevra: string;
}

/** What a signature read found for one sampled package. */
export interface PackageSignature {
  readonly repository: string;
  readonly distro: string;
  readonly release: string;
  readonly location: string;
  readonly nevra: string;
  readonly checkedAt: string;
  /** signed, unsigned, or error (unreadable: `problem` says why). */
  readonly status: "signed" | "unsigned" | "error";
  readonly sigTag: string | null;
  readonly keyId: string | null;
  readonly fingerprint: string | null;
  readonly algorithm: string | null;
  readonly hash: string | null;
  /** Bytes read of the package; at most the limit asked. */
  readonly bytesRead: number | null;
  readonly problem: string | null;
}
