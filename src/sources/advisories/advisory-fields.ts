const SEVERITIES = ["Critical", "Important", "Moderate", "Low"] as const;

/**
 * The advisory type its id tells: xLSA/RHSA security, xLBA/RHBA bug fix, xLEA/RHEA enhancement.
 *
 * @example
 * typeFromId("ALSA-2024:8793") // "security"
 */
export function typeFromId(id: string): "security" | "bugfix" | "enhancement" | "unknown" {
  const m = /^[A-Z]{1,3}([SBE])A-/.exec(id);
  return m?.[1] === "S" ? "security" : m?.[1] === "B" ? "bugfix" : m?.[1] === "E" ? "enhancement" : "unknown";
}

/** A severity word (any case) as one of the four Red Hat uses, or null when it is none of them. */
export function normalizeSeverity(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const t = text.trim().toLowerCase();
  return SEVERITIES.find((s) => s.toLowerCase() === t) ?? null;
}

/** Red Hat advisory ids mentioned in text or URLs, normalized to RHSA-2024:8793. */
export function upstreamIdsIn(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of texts)
    for (const m of t.matchAll(/\b(RH[SBE]A)-(\d{4})[:-](\d{3,6})\b/g)) out.add(`${m[1]}-${m[2]}:${m[3]}`);
  return [...out].sort();
}

/** CVE ids mentioned in text or URLs, sorted. */
export function cvesIn(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/\bCVE-\d{4}-\d{4,7}\b/g)) out.add(m[0]);
  return [...out].sort();
}
