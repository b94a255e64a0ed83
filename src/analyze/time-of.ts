import type { SourceBuild } from "./source-build.js";

/** Which clock a measurement uses: the metadata's file time (what a mirror's file dates show) or the observer's first sighting. */
export type TimeSource = "file" | "seen";

/**
 * A build's time by the chosen clock, falling back to the observer's when the
 * metadata has no file time; says which one it used.
 *
 * @example
 * timeOf(build, "file") // { ms: 1714953600000, source: "file" }
 */
export function timeOf(b: SourceBuild, wanted: TimeSource): { ms: number; source: TimeSource } {
  if (wanted === "file" && b.fileTime !== null) return { ms: b.fileTime * 1000, source: "file" };
  return { ms: Date.parse(b.firstSeen), source: "seen" };
}
