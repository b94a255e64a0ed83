import { ParseError } from "../../errors/parse-error.js";
import type { LeappRecord } from "../../model/leapp-record.js";
import { readAll } from "../read-all.js";
import { readJson } from "../read-json.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";

type RepoMap = Extract<LeappRecord, { kind: "repo-map" }>;

const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
const fail = (ctx: ParseContext, problem: string): never => {
  throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
};

/**
 * leapp's repository map (repomap.json, AlmaLinux/leapp-data files/<vendor>/repomap.json.el8/el9):
 * `{"mapping":[{"source_major_version","target_major_version","entries":[{"source","target":[...]}]}]}`,
 * one record per source and target PES id.
 * Format: oamg/leapp-repository repos/system_upgrade/common/libraries/repomaputils.py
 */
export const leappRepomapDriver: SourceDriver<LeappRecord> = {
  kind: "leapp-repomap",
  family: "leapp",
  description: "leapp repository map (repomap.json): source repositories and the target repositories they map to",
  async *parse(chunks, ctx) {
    const doc = (await readJson(chunks, ctx, 64 << 20)) as { mapping?: unknown } | null;
    if (doc === null || typeof doc !== "object" || !Array.isArray(doc.mapping)) return fail(ctx, 'no "mapping" list');
    const out: LeappRecord[] = [];
    for (const m of doc.mapping as unknown[]) {
      const o = (m ?? {}) as { source_major_version?: unknown; target_major_version?: unknown; entries?: unknown };
      const sourceMajor = str(o.source_major_version);
      const targetMajor = str(o.target_major_version);
      if (sourceMajor === null || targetMajor === null || !Array.isArray(o.entries)) {
        out.push({
          kind: "warning",
          message: "a mapping without source_major_version, target_major_version or entries",
        });
        continue;
      }
      for (const e of o.entries as unknown[]) {
        const en = (e ?? {}) as { source?: unknown; target?: unknown };
        const source = str(en.source);
        const targets = Array.isArray(en.target) ? (en.target as unknown[]).map(str) : [];
        if (source === null || targets.length === 0 || targets.some((t) => t === null)) {
          out.push({ kind: "warning", message: `${sourceMajor}→${targetMajor}: an entry without source or targets` });
          continue;
        }
        for (const target of targets as string[])
          out.push({ kind: "repo-map", sourceMajor, targetMajor, source, target });
      }
    }
    if (!out.some((r) => r.kind === "repo-map")) return fail(ctx, "no repository mapping");
    yield out;
  },
};

/**
 * leapp's older repository map (repomap.csv): a header naming the majors ("CentOS 7 repoid,AlmaLinux 8
 * repoid ..."), then `source repoid,target repoid,target PES name,...` a line; # comments. One record per
 * source repoid and target PES name.
 */
export const leappRepomapCsvDriver: SourceDriver<LeappRecord> = {
  kind: "leapp-repomap-csv",
  family: "leapp",
  description: "leapp repository map (repomap.csv, the older form): source repoids and target PES names",
  truncation: "line",
  async *parse(chunks, ctx) {
    const text = (await readAll(chunks, 16 << 20, ctx)).toString("utf8");
    if (!text.endsWith("\n")) return fail(ctx, "the file stops in the middle of a line (cut?)");
    const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
    const header = lines[0] ?? "";
    const majors = [...header.matchAll(/(\d+) repoid/g)].map((m) => m[1] ?? "");
    const [sourceMajor, targetMajor] = majors;
    if (sourceMajor === undefined || targetMajor === undefined)
      return fail(ctx, 'the header must name the majors ("CentOS 7 repoid,AlmaLinux 8 repoid,...")');
    const out: LeappRecord[] = [];
    const seen = new Set<string>();
    lines.slice(1).forEach((raw, i) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      const f = line.split(",");
      const [source = "", , target = ""] = f;
      if (f.length < 3 || source === "" || target === "") {
        out.push({ kind: "warning", message: `line ${i + 2}: not source repoid, target repoid, target PES name` });
        return;
      }
      const key = `${source}\u0000${target}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ kind: "repo-map", sourceMajor, targetMajor, source, target } satisfies RepoMap);
    });
    if (seen.size === 0) return fail(ctx, "no repository mapping");
    yield out;
  },
};
