import type { CurrentRow } from "../model/current-row.js";
import { BuildMatcher, type MatchRules } from "./build-matcher.js";
import { compareEvr, type Evr } from "./evr.js";
import { collectSourceBuilds, toSourceRow } from "./source-build.js";

/** One side of a difference: a package name (and arch when compared by arch) and its newest EVR. */
export interface DiffEntry {
  readonly name: string;
  readonly arch: string | null;
  readonly evr: string;
}

export interface DiffChange {
  readonly name: string;
  readonly arch: string | null;
  readonly from: string;
  readonly to: string;
}

/** A change that is the same upstream build rebuilt: equal once builder ids are rewritten (identical) or the markers removed (modified). */
export interface DiffRebuilt extends DiffChange {
  readonly as: "identical" | "modified";
}

/**
 * What `dnf repodiff` reports: added, removed, upgraded and downgraded packages, sorted by name;
 * and, where dnf would call a change an upgrade or downgrade, the ones that are the same build
 * rebuilt by the catalog's rules (`…el9 → …el9.rocky.0.1`), apart as `rebuilt`.
 */
export interface RepoDiff {
  readonly by: "binary" | "source";
  readonly compareArch: boolean;
  readonly added: readonly DiffEntry[];
  readonly removed: readonly DiffEntry[];
  readonly upgraded: readonly DiffChange[];
  readonly downgraded: readonly DiffChange[];
  readonly rebuilt: readonly DiffRebuilt[];
  readonly unchanged: number;
}

function evrText(e: Evr): string {
  return `${e.epoch > 0 ? `${e.epoch}:` : ""}${e.version}-${e.release}`;
}

function newest(
  rows: readonly (Evr & { name: string; arch: string | null })[],
): Map<string, Evr & { name: string; arch: string | null }> {
  const out = new Map<string, Evr & { name: string; arch: string | null }>();
  for (const r of rows) {
    const key = r.arch === null ? r.name : `${r.name}.${r.arch}`;
    const seen = out.get(key);
    if (seen === undefined || compareEvr(r, seen) > 0) out.set(key, r);
  }
  return out;
}

/**
 * Compares two package sets as `dnf repodiff` does: by name (and by arch when
 * asked), newest EVR of each side. By source compares source packages.
 * See https://dnf-plugins-core.readthedocs.io/en/latest/repodiff.html
 * With `rules` (both sides' markers and rewrites from the catalog, as parity matches builds),
 * a change between the same epoch, version and release once rewritten or unmarked is
 * `rebuilt`, not an upgrade or downgrade.
 *
 * @example
 * diffRepos(await store.currentRows("rhel", ["9.4"]), await store.currentRows("rocky", ["9.4"]), { by: "source", rules })
 */
export function diffRepos(
  a: readonly CurrentRow[],
  b: readonly CurrentRow[],
  options: { by: "binary" | "source"; compareArch?: boolean; rules?: MatchRules },
): RepoDiff {
  const rules = options.rules === undefined ? null : new BuildMatcher([], options.rules);
  const rebuiltAs = (l: Evr, r: Evr): DiffRebuilt["as"] | null => {
    if (rules === null || l.epoch !== r.epoch || l.version !== r.version) return null;
    if (rules.rewrite(l.release) === rules.rewrite(r.release)) return "identical";
    return rules.unmark(l.release) === rules.unmark(r.release) ? "modified" : null;
  };
  const compareArch = options.compareArch === true && options.by === "binary";
  const side = (rows: readonly CurrentRow[]) =>
    options.by === "source"
      ? newest(collectSourceBuilds(rows.map(toSourceRow)).map((s) => ({ ...s, arch: null })))
      : newest(rows.filter((r) => r.arch !== "src").map((r) => ({ ...r, arch: compareArch ? r.arch : null })));
  const left = side(a);
  const right = side(b);
  const added: DiffEntry[] = [];
  const removed: DiffEntry[] = [];
  const upgraded: DiffChange[] = [];
  const downgraded: DiffChange[] = [];
  const rebuilt: DiffRebuilt[] = [];
  let unchanged = 0;
  for (const [key, r] of right) {
    const l = left.get(key);
    if (l === undefined) added.push({ name: r.name, arch: r.arch, evr: evrText(r) });
    else {
      const c = compareEvr(r, l);
      const as = c === 0 ? null : rebuiltAs(l, r);
      if (as !== null) rebuilt.push({ name: r.name, arch: r.arch, from: evrText(l), to: evrText(r), as });
      else if (c > 0) upgraded.push({ name: r.name, arch: r.arch, from: evrText(l), to: evrText(r) });
      else if (c < 0) downgraded.push({ name: r.name, arch: r.arch, from: evrText(l), to: evrText(r) });
      else unchanged++;
    }
  }
  for (const [key, l] of left) if (!right.has(key)) removed.push({ name: l.name, arch: l.arch, evr: evrText(l) });
  const byName = (x: { name: string; arch: string | null }, y: { name: string; arch: string | null }) =>
    x.name < y.name ? -1 : x.name > y.name ? 1 : (x.arch ?? "") < (y.arch ?? "") ? -1 : 1;
  return {
    by: options.by,
    compareArch,
    added: added.sort(byName),
    removed: removed.sort(byName),
    upgraded: upgraded.sort(byName),
    downgraded: downgraded.sort(byName),
    rebuilt: rebuilt.sort(byName),
    unchanged,
  };
}
