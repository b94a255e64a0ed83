import {
  type WatchCondition,
  diffFirings,
  minorReleasePending,
  mirrorStale,
  mirrorUnreachable,
  parityBelow,
  securityBuildPending,
  sourceFailing,
} from "../analyze/watch-conditions.js";
import { defaultUpstream } from "../catalog/default-upstream.js";
import type { WatchRule, WatchRules } from "../catalog/watch-schema.js";
import { NoDataError } from "../errors/no-data-error.js";
import { isGlob } from "../format/glob-pattern.js";
import type { AlertFiring } from "../model/alert-firing.js";
import { AlertStore } from "../store/alert-store.js";
import { MirrorStore } from "../store/mirror-store.js";
import type { Measured } from "./measured.js";
import { parityQuery } from "./parity-query.js";
import type { QueryContext } from "./query-context.js";
import { releaseDatesInStore } from "./release-dates-in-store.js";
import { releaseLagQuery } from "./release-lag-query.js";
import { sourceUpdatesQuery } from "./source-updates-query.js";
import { storedAdvisories } from "./stored-advisories.js";
import { updateLagQuery } from "./update-lag-query.js";

/** One watch run: what fired, what resolved, what stays open, and rules without data. */
export interface WatchAnswer extends Measured {
  /** Firings new in this run (each written once). */
  readonly fired: readonly AlertFiring[];
  /** Firings whose condition ended in this run. */
  readonly resolved: readonly AlertFiring[];
  /** Every firing open after this run, new ones included. */
  readonly open: readonly AlertFiring[];
  /** Rules that could not be evaluated (no data yet): their open firings stay open. */
  readonly unknown: readonly { readonly rule: string; readonly problem: string }[];
  readonly rules: number;
}

interface Evaluated {
  readonly conditions: readonly WatchCondition[];
  readonly asOf: Readonly<Record<string, string | null>>;
  readonly sources: readonly string[];
}

async function evaluate(ctx: QueryContext, rule: WatchRule): Promise<Evaluated> {
  switch (rule.kind) {
    case "security-build-pending": {
      const upstream = rule.upstream ?? defaultUpstream(ctx.catalog);
      const exact = rule.package !== undefined && !isGlob(rule.package) ? rule.package : undefined;
      const lag = await updateLagQuery(ctx, {
        upstream,
        rebuilds: [rule.rebuild],
        release: rule.release,
        package: exact,
        by: ["distro"],
      });
      const asOf = lag.asOf[rule.rebuild] ?? null;
      const advisories = await storedAdvisories(ctx, upstream);
      return { conditions: securityBuildPending(rule, lag.rows, advisories, lag.sources, asOf), ...lag };
    }
    case "minor-release-pending": {
      const upstream = rule.upstream ?? defaultUpstream(ctx.catalog);
      const lag = await releaseLagQuery(ctx, { upstream, rebuilds: [rule.rebuild] });
      const up = ctx.catalog.distros.find((d) => d.id === upstream);
      const mine = ctx.catalog.distros.find((d) => d.id === rule.rebuild);
      if (up === undefined || mine === undefined) return { conditions: [], asOf: lag.asOf, sources: lag.sources };
      const dates = await releaseDatesInStore(ctx);
      const asOf = lag.asOf[rule.rebuild] ?? null;
      return { conditions: minorReleasePending(rule, dates, up, mine, ctx.now, asOf), ...lag };
    }
    case "mirror-stale":
    case "mirror-unreachable": {
      const probes = await new MirrorStore(ctx.store.db).probeHistory(
        rule.distro,
        rule.kind === "mirror-stale" ? 1 : rule.probes,
      );
      if (probes.length === 0)
        throw new NoDataError(
          "store",
          `no mirror probes of ${rule.distro}: run \`elscope mirrors probe --distro ${rule.distro}\` first`,
        );
      const conditions = rule.kind === "mirror-stale" ? mirrorStale(rule, probes) : mirrorUnreachable(rule, probes);
      const newestRun =
        probes
          .map((p) => p.startedAt)
          .sort()
          .at(-1) ?? null;
      return { conditions, asOf: { [rule.distro]: newestRun }, sources: [`mirror probes of ${rule.distro}`] };
    }
    case "parity-below": {
      const upstream = rule.upstream ?? defaultUpstream(ctx.catalog);
      const parity = await parityQuery(ctx, { upstream, rebuilds: [rule.rebuild], release: rule.release });
      const asOf = parity.asOf[rule.rebuild] ?? null;
      return { conditions: parityBelow(rule, parity.rows, parity.sources, asOf), ...parity };
    }
    case "source-failing": {
      const updates = await sourceUpdatesQuery(ctx, rule.distro === undefined ? [] : [rule.distro]);
      const asOf: Record<string, string | null> = {};
      for (const u of updates)
        if (u.lastSuccess !== null && (asOf[u.distro] ?? "") < u.lastSuccess) asOf[u.distro] = u.lastSuccess;
      return {
        conditions: sourceFailing(rule, updates, ctx.now),
        asOf,
        sources: ["the store's times of each source's last successful update"],
      };
    }
  }
}

/**
 * Evaluates watch rules against the store with the use cases every front end uses (package
 * lag, release dates, parity, mirror probes, source update times), compares the conditions
 * with the open firings, and writes the new firings and the resolutions in one transaction:
 * each (rule, subject) fires once until its condition ends. A rule without data yet is
 * reported under `unknown` and changes nothing.
 *
 * @example
 * const { fired } = await watchQuery(ctx, loadWatchRules("watch.yaml", catalog));
 */
export async function watchQuery(ctx: QueryContext, watch: Pick<WatchRules, "rules">): Promise<WatchAnswer> {
  const conditions: WatchCondition[] = [];
  const evaluated = new Set<string>();
  const unknown: { rule: string; problem: string }[] = [];
  const asOf: Record<string, string | null> = {};
  const sources = new Set<string>();
  for (const rule of watch.rules) {
    try {
      const e = await evaluate(ctx, rule);
      conditions.push(...e.conditions);
      evaluated.add(rule.name);
      for (const [d, t] of Object.entries(e.asOf)) if (!(d in asOf) || (t !== null && t > (asOf[d] ?? ""))) asOf[d] = t;
      for (const s of e.sources) sources.add(s);
    } catch (err) {
      if (!(err instanceof NoDataError)) throw err;
      unknown.push({ rule: rule.name, problem: err.message });
    }
  }
  const alerts = new AlertStore(ctx.store.db);
  const { fired, resolved } = diffFirings(conditions, await alerts.openFirings(), evaluated);
  const written = await alerts.record(
    fired,
    resolved.map((r) => r.id),
    ctx.now,
  );
  return {
    fired: written.fired,
    resolved: written.resolved,
    open: await alerts.openFirings(),
    unknown,
    rules: watch.rules.length,
    asOf,
    sources: [...sources].sort(),
  };
}
