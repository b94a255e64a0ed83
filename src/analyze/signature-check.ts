import type { Distro } from "../catalog/catalog-schema.js";
import type { PackageSignature } from "../model/package-signature.js";

/** Sampled signature reads of one repository, counted. */
export interface SignatureRepositoryRow {
  readonly repository: string;
  readonly release: string;
  readonly major: string;
  /** Packages read: the sample's size. */
  readonly sampled: number;
  readonly signed: number;
  readonly unsigned: number;
  /** Signed with a key the catalog lists for the major. */
  readonly listedKey: number;
  /** Signed with a key the catalog does not list for the major (it lists others). */
  readonly unknownKey: number;
  /** Signed, but the catalog lists no key of the major: whether the key is right is unknown. */
  readonly keyNotChecked: number;
  /** Packages whose header could not be read or parsed. */
  readonly unreadable: number;
  /** The signing key ids seen, sorted. */
  readonly keys: readonly string[];
  /** The newest read (ISO 8601). */
  readonly checkedAt: string;
  /** The most bytes read of one package. */
  readonly maxBytesRead: number | null;
}

/** A sampled package that is unsigned, signed by an unlisted key, or unreadable. */
export interface SignatureFinding {
  readonly repository: string;
  readonly release: string;
  readonly nevra: string;
  readonly finding: "unsigned" | "unknown-key" | "unreadable";
  readonly keyId: string | null;
  readonly algorithm: string | null;
  readonly problem: string | null;
  readonly checkedAt: string;
}

/** Signature reads of a distribution against its catalog's keys. */
export interface SignatureCheck {
  readonly repositories: readonly SignatureRepositoryRow[];
  readonly findings: readonly SignatureFinding[];
}

/**
 * Whether a signature's issuer is one of `keys` (8 or 16 hex digit key ids, 40-digit fingerprints):
 * a key id matches the tail of the issuer's long id or fingerprint.
 *
 * @example
 * isListedKey(["b86b3716"], "d36cb86cb86b3716", null) // true
 */
export function isListedKey(keys: readonly string[], keyId: string | null, fingerprint: string | null): boolean {
  const ids = [keyId, fingerprint].filter((x): x is string => x !== null).map((x) => x.toLowerCase());
  return keys.some((k) => ids.some((id) => id.endsWith(k.toLowerCase())));
}

/**
 * Checks sampled signature reads against the catalog's `signingKeys` per major: per repository the
 * sample's size and how many are signed by a listed key, by an unlisted one, unsigned or
 * unreadable; and each package that is not signed by a listed key. Pure; sorted.
 *
 * @example
 * signatureCheck(almalinux, await store.storedSignatures("almalinux")).findings
 */
export function signatureCheck(distro: Distro, rows: readonly PackageSignature[]): SignatureCheck {
  const byRepo = new Map<string, PackageSignature[]>();
  for (const r of rows) byRepo.set(r.repository, [...(byRepo.get(r.repository) ?? []), r]);
  const repositories: SignatureRepositoryRow[] = [];
  const findings: SignatureFinding[] = [];
  for (const [repository, reads] of [...byRepo].sort((a, b) => a[0].localeCompare(b[0]))) {
    const release = reads[0]?.release ?? "";
    const major = release.split(".")[0] ?? release;
    const keys = distro.majors.find((m) => m.major === major)?.signingKeys ?? [];
    const counts = { signed: 0, unsigned: 0, listedKey: 0, unknownKey: 0, keyNotChecked: 0, unreadable: 0 };
    for (const r of [...reads].sort((a, b) => a.nevra.localeCompare(b.nevra) || a.location.localeCompare(b.location))) {
      const finding = (f: SignatureFinding["finding"]): void => {
        findings.push({
          repository,
          release,
          nevra: r.nevra,
          finding: f,
          keyId: r.keyId,
          algorithm: r.algorithm,
          problem: r.problem,
          checkedAt: r.checkedAt,
        });
      };
      if (r.status === "error") {
        counts.unreadable++;
        finding("unreadable");
      } else if (r.status === "unsigned") {
        counts.unsigned++;
        finding("unsigned");
      } else {
        counts.signed++;
        if (keys.length === 0) counts.keyNotChecked++;
        else if (isListedKey(keys, r.keyId, r.fingerprint)) counts.listedKey++;
        else {
          counts.unknownKey++;
          finding("unknown-key");
        }
      }
    }
    const bytes = reads.map((r) => r.bytesRead).filter((b): b is number => b !== null);
    repositories.push({
      repository,
      release,
      major,
      sampled: reads.length,
      ...counts,
      keys: [...new Set(reads.map((r) => r.keyId).filter((k): k is string => k !== null))].sort(),
      checkedAt:
        reads
          .map((r) => r.checkedAt)
          .sort()
          .at(-1) ?? "",
      maxBytesRead: bytes.length === 0 ? null : Math.max(...bytes),
    });
  }
  return { repositories, findings };
}
