import { type Provenance, provenance } from "../analyze/provenance.js";
import { type SignatureCheck, signatureCheck } from "../analyze/signature-check.js";
import { checkDistros } from "../catalog/check-distros.js";
import { inRelease, resolveRelease } from "../catalog/resolve-release.js";
import { NoDataError } from "../errors/no-data-error.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** Which distribution, and optionally which release (a major spans its minors and rolling tree). */
export interface ProvenanceParams {
  readonly distro: string;
  readonly release?: string;
}

/** Build provenance of one distribution, as of its repositories' snapshots. */
export interface ProvenanceAnswer extends Measured, Provenance {
  readonly distro: string;
  readonly release: string | null;
  /** The snapshots read: the first and newest fetch time over the repositories, and how many repositories. */
  readonly snapshots: { readonly repositories: number; readonly first: string; readonly newest: string };
  /**
   * Signature headers of a sample of packages (`elscope provenance --signatures`), checked against
   * the catalog's signing keys per major; null when none were read. Each repository row names its
   * sample's size.
   */
  readonly signatures: SignatureCheck | null;
}

/**
 * Build provenance of a distribution's synced packages (their `buildhost`, `packager` and `vendor`
 * from primary.xml): builds per build-host domain, build system (the catalog's `buildSystems`),
 * packager and vendor per release; when the predominant build system changed; packages whose
 * vendor or packager the catalog does not expect. A distribution with nothing synced is NoDataError.
 *
 * @example
 * const p = await provenanceQuery(ctx, { distro: "rocky", release: "9" });
 */
export async function provenanceQuery(ctx: QueryContext, params: ProvenanceParams): Promise<ProvenanceAnswer> {
  checkDistros(ctx.catalog, [params.distro]);
  const distro = ctx.catalog.distros.find((d) => d.id === params.distro);
  if (distro === undefined) throw new NoDataError("store", `no distribution ${params.distro}`);
  const span = params.release === undefined ? null : resolveRelease(ctx.catalog, [distro.id], params.release);
  const stored = (await ctx.store.listRepositories()).filter(
    (r) => r.distro === distro.id && r.snapshots > 0 && (span === null || inRelease(span, r.release)),
  );
  const releases = [...new Set(stored.map((r) => r.release))].sort();
  const sync = `elscope sync --distro ${distro.id}${params.release === undefined ? "" : ` --release ${params.release}`}`;
  if (releases.length === 0) {
    const what = params.release === undefined ? distro.id : `${distro.id} release ${params.release}`;
    throw new NoDataError("store", `no synced packages of ${what}: run \`${sync}\` first`);
  }
  const input = await ctx.store.provenanceRows(distro.id, releases);
  if (input.repositories.length === 0)
    throw new NoDataError("store", `no synced packages of ${distro.id}: run \`${sync}\` first`);
  const signed = await ctx.store.storedSignatures(distro.id, releases);
  const firsts = input.repositories.map((r) => r.snapshots[0]?.fetchedAt ?? "").sort();
  const newest = input.repositories.map((r) => r.snapshots.at(-1)?.fetchedAt ?? "").sort();
  return {
    distro: distro.id,
    release: params.release ?? null,
    ...provenance(distro, input),
    snapshots: { repositories: input.repositories.length, first: firsts[0] ?? "", newest: newest.at(-1) ?? "" },
    signatures: signed.length === 0 ? null : signatureCheck(distro, signed),
    asOf: { [distro.id]: newest.at(-1) ?? null },
    sources: [
      `primary.xml buildhost, packager and vendor of ${input.repositories.length} synced repositories of ${distro.id}`,
      `catalog/${distro.id}.yaml buildSystems, expectedVendors, expectedPackagers`,
      ...(signed.length === 0
        ? []
        : [`RPM signature headers of ${signed.length} sampled packages (HTTP range requests), catalog signingKeys`]),
    ],
  };
}
