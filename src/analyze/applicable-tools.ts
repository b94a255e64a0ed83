import type { LoadedFact } from "../catalog/load-facts.js";
import { rpmvercmp } from "./rpmvercmp.js";

/** A prerequisite of a tool, checked against the host: met, not met, or unknown (null). */
export interface ToolPrerequisite {
  readonly check: string;
  readonly met: boolean | null;
  /** The fact's page it was read from; null: elscope's own check (the majors). */
  readonly source: string | null;
}

/** A tool that moves the host to a target, and whether it applies. */
export interface ApplicableTool {
  readonly target: string;
  readonly tool: string;
  /** same-major conversion, or cross-major upgrade. */
  readonly kind: "conversion" | "upgrade";
  /** true: every prerequisite met; false: one is not; null: one is unknown. */
  readonly applies: boolean | null;
  readonly prerequisites: readonly ToolPrerequisite[];
  /** The target's migration-tooling fact that names the tool. */
  readonly source: string;
}

/** The host being moved: its distribution, major, and minor release when known ("8.5"). */
export interface ToolHost {
  readonly distro: string;
  readonly major: string;
  readonly release: string | null;
}

/** The tools the facts name, by target (conversions) or for any target (upgrades). */
const TOOLS: readonly { tool: string; kind: "conversion" | "upgrade"; target: string | null }[] = [
  { tool: "migrate2rocky", kind: "conversion", target: "rocky" },
  { tool: "almalinux-deploy", kind: "conversion", target: "almalinux" },
  { tool: "centos2ol", kind: "conversion", target: "oracle" },
  { tool: "Convert2RHEL", kind: "conversion", target: "rhel" },
  // ELevate is leapp with data for the rebuilds; the facts name one or the other.
  { tool: "ELevate/leapp", kind: "upgrade", target: null },
];

/** Whether a fact's text names `tool` ("ELevate/leapp": either name). */
const names = (text: string | readonly string[], tool: string): boolean =>
  tool.split("/").some((name) => has(text, name));

const has = (text: string | readonly string[], word: string): boolean =>
  (Array.isArray(text) ? text.join(" ") : (text as string)).toLowerCase().includes(word.toLowerCase());

/**
 * The tools that move `host` to each target, from the targets' migration-tooling facts (a tool counts
 * for a target when its fact names it), with their prerequisites checked against the host: a
 * conversion keeps the major, an upgrade goes one major up, and a migration-prerequisite fact
 * "<tool>: EL 8.5 or later" sets the lowest release. Sorted by target, then tool.
 *
 * @example
 * applicableTools({ distro: "centos", major: "8", release: "8.4" }, [{ distro: "rocky", major: "8" }], facts)
 * // [{ tool: "migrate2rocky", applies: false, ... }]
 */
export function applicableTools(
  host: ToolHost,
  targets: readonly { readonly distro: string; readonly major: string }[],
  facts: readonly LoadedFact[],
): ApplicableTool[] {
  const out: ApplicableTool[] = [];
  for (const t of targets) {
    const tooling = facts.find((f) => f.distro === t.distro && f.topic === "migration-tooling");
    if (tooling === undefined) continue;
    for (const k of TOOLS) {
      if ((k.target !== null && k.target !== t.distro) || !names(tooling.value, k.tool)) continue;
      const prerequisites: ToolPrerequisite[] = [];
      const jump = Number(t.major) - Number(host.major);
      if (k.kind === "conversion")
        prerequisites.push({ check: `same major (EL ${host.major} → EL ${t.major})`, met: jump === 0, source: null });
      else
        prerequisites.push({ check: `one major up (EL ${host.major} → EL ${t.major})`, met: jump === 1, source: null });
      for (const f of facts.filter((x) => x.topic === "migration-prerequisite")) {
        const text = Array.isArray(f.value) ? f.value.join("; ") : f.value;
        const m = new RegExp(`^(?:${k.tool.replace("/", "|")}): EL (\\d+(?:\\.\\d+)?) or later`, "i").exec(text);
        if (m === null) continue;
        const min = m[1] ?? "";
        const sameMajor = min.split(".")[0] === host.major;
        const met = !sameMajor ? null : host.release === null ? null : rpmvercmp(host.release, min) >= 0;
        prerequisites.push({ check: `EL ${min} or later (host: ${host.release ?? "unknown"})`, met, source: f.source });
      }
      const applies = prerequisites.some((p) => p.met === false)
        ? false
        : prerequisites.some((p) => p.met === null)
          ? null
          : true;
      out.push({
        target: `${t.distro}:${t.major}`,
        tool: k.tool,
        kind: k.kind,
        applies,
        prerequisites,
        source: tooling.source,
      });
    }
  }
  return out.sort((a, b) => (a.target === b.target ? (a.tool < b.tool ? -1 : 1) : a.target < b.target ? -1 : 1));
}
