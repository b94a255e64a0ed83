import type { UpstreamAdvisoryDay } from "../analyze/errata-batches.js";
import { rebuildsOf } from "../catalog/rebuilds-of.js";
import { copiesUpstreamDate } from "../model/copies-upstream-date.js";
import { storedAdvisories } from "./stored-advisories.js";
import type { QueryContext } from "./query-context.js";

/**
 * The release day of every upstream advisory the store knows of: the upstream's own advisories
 * (CSAF's `initial_release_date`), and the rebuilds' copies of it (AlmaLinux OSV `published` is the
 * RHSA's day), each labelled with whose record it is.
 *
 * @example
 * const days = await upstreamAdvisoryDays(ctx, "rhel"); // [{ upstreamId: "RHSA-2024:2758", day: "2024-05-08", via: "copied by the rebuild", ... }]
 */
export async function upstreamAdvisoryDays(ctx: QueryContext, upstream: string): Promise<UpstreamAdvisoryDay[]> {
  const out: UpstreamAdvisoryDay[] = [];
  for (const a of await storedAdvisories(ctx, upstream)) {
    if (a.issued === null) continue;
    // CSAF product ids name the stream: `AppStream-9.4.0.GA` is the 9.4 GA batch, `9.4.0.Z.MAIN.EUS` its updates.
    const gaMinors = [
      ...new Set(
        a.packages.flatMap((p) => {
          const m = /^(\d+)\.(\d+)\.0\.GA$/.exec(p.stream ?? "");
          return m === null ? [] : [`${m[1]}.${m[2]}`];
        }),
      ),
    ];
    for (const gaMinor of gaMinors.length > 0 ? gaMinors : [null]) {
      out.push({
        upstreamId: a.id,
        majors: a.majors,
        day: a.issued.slice(0, 10),
        via: "upstream advisory",
        source: `${upstream} ${a.sourceKind}`,
        gaMinor,
      });
    }
  }
  // Every rebuild's copies count, whichever rebuilds a command asks about: the upstream's GA does not depend on them.
  for (const rebuild of rebuildsOf(ctx.catalog, upstream)) {
    for (const a of await storedAdvisories(ctx, rebuild)) {
      // Only some kinds' dates copy the upstream's; the others' are the rebuild's own.
      if (!copiesUpstreamDate(a.sourceKind) || a.issued === null) continue;
      // Older AlmaLinux advisories name no RHSA, but rebuild advisories reuse the upstream's number
      // (ALBA-2022:1731 rebuilds RHBA-2022:1731), so type and number identify it across rebuilds.
      const upstreamId = a.upstreamIds[0] ?? a.id.replace(/^[A-Z]+?([SBE]A-\d{4}[:-]\d+)$/, "$1");
      out.push({
        upstreamId,
        majors: a.majors,
        day: a.issued.slice(0, 10),
        via: "copied by the rebuild",
        source: `${rebuild} ${a.sourceKind}`,
        gaMinor: null,
      });
    }
  }
  return out;
}
