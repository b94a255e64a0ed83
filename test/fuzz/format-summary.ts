import { type FuzzReport, type KindStats, emptyStats, failureSignature } from "./fuzz.js";

const COLUMNS: readonly [string, (s: KindStats) => string][] = [
  ["kind", (s) => s.kind],
  ["inputs", (s) => String(s.inputs)],
  ["accepted", (s) => String(s.accepted)],
  ["refused", (s) => String(s.refused)],
  ["crashes", (s) => String(s.crashes)],
  ["hangs", (s) => String(s.hangs)],
  ["memory", (s) => String(s.memory)],
  ["partial writes", (s) => String(s.partialWrites)],
  ["peak RSS MB", (s) => s.peakRssMb.toFixed(0)],
  ["seconds", (s) => s.seconds.toFixed(1)],
];

/**
 * The summary table (one row per kind, then a total) and one line per distinct failure.
 *
 * @example
 * console.log(formatSummary(await fuzz(DEFAULTS)));
 */
export function formatSummary(report: FuzzReport): string {
  const total = emptyStats("total");
  for (const s of report.stats) {
    for (const k of [
      "inputs",
      "accepted",
      "refused",
      "crashes",
      "hangs",
      "memory",
      "partialWrites",
      "seconds",
    ] as const)
      total[k] += s[k];
    total.peakRssMb = Math.max(total.peakRssMb, s.peakRssMb);
  }
  const rows = [COLUMNS.map(([h]) => h), ...[...report.stats, total].map((s) => COLUMNS.map(([, f]) => f(s)))];
  const widths = COLUMNS.map((_c, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const lines = rows.map((r) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  "),
  );
  const seen = new Set<string>();
  const failures: string[] = [];
  for (const f of report.failures) {
    const key = failureSignature(f);
    if (seen.has(key)) continue;
    seen.add(key);
    const times = report.failures.filter((g) => failureSignature(g) === key).length;
    failures.push(
      `${f.outcome} ×${times} ${f.kind} [${f.mutator}] ${f.message}${f.saved === "" ? "" : ` (${f.saved})`}`,
    );
  }
  return [...lines, "", failures.length === 0 ? "no crash, hang or partial write" : "failures:", ...failures].join(
    "\n",
  );
}
