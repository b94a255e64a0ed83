import { createHash } from "node:crypto";
import { ElscopeError } from "../errors/elscope-error.js";
import type { ProbeFetch } from "../fetch/probe-url.js";
import { parseRepomd } from "../sources/rpm-md/parse-repomd.js";
import type { ProbeStatus } from "../model/probe-status.js";

export type { ProbeStatus };

/** What a mirror's repomd.xml is compared with. */
export interface ProbeReference {
  /** Where it came from: "primary <url>", "metalink <source>" or "newest seen". */
  readonly source: string;
  readonly url: string | null;
  readonly sha256: string | null;
  /** Newest metadata time in it (Unix seconds). */
  readonly time: number | null;
  /** Older versions the reference still accepts (metalink alternates), by sha256. */
  readonly alternates: readonly { readonly sha256: string; readonly time: number | null }[];
}

/** A repomd.xml a mirror served, read. */
export interface ServedRepomd {
  readonly sha256: string;
  readonly time: number | null;
}

export interface ProbeVerdict {
  readonly status: ProbeStatus;
  readonly detail: string | null;
  readonly behindHours: number | null;
  readonly served: ServedRepomd | null;
}

/**
 * Reads a served repomd.xml: its sha256 and its newest time (the largest
 * `<timestamp>` of its files, else a numeric `<revision>`), or the problem.
 *
 * @example
 * readServedRepomd(bytes) // { sha256: "…", time: 1716800000 }
 */
export function readServedRepomd(body: Buffer): ServedRepomd | string {
  try {
    const repomd = parseRepomd(body, { sourceId: "probe", file: "repodata/repomd.xml" });
    const times = repomd.files.map((f) => f.timestamp).filter((t): t is number => t !== null);
    const revision = repomd.revision !== null && /^\d{9,11}$/.test(repomd.revision) ? Number(repomd.revision) : null;
    return {
      sha256: createHash("sha256").update(body).digest("hex"),
      time: times.length > 0 ? Math.max(...times) : revision,
    };
  } catch (e) {
    if (e instanceof ElscopeError) return e.problem;
    throw e;
  }
}

const hours = (seconds: number): number => Math.round((seconds / 3600) * 100) / 100;

/**
 * Classifies one probe against the reference: the same file is in sync; an
 * older one is behind by the difference of their newest metadata times, and
 * stale beyond `staleAfterHours`; a newer one is ahead; the same time with
 * other content is broken, as are TLS failures, redirects off the list and
 * answers that are not a repomd.xml; no answer or an HTTP error is unreachable.
 *
 * @example
 * classifyProbe(fetched, reference, 12).status // "behind"
 */
export function classifyProbe(fetched: ProbeFetch, reference: ProbeReference, staleAfterHours: number): ProbeVerdict {
  const verdict = (
    status: ProbeStatus,
    detail: string | null,
    served: ServedRepomd | null = null,
    behind: number | null = null,
  ): ProbeVerdict => ({
    status,
    detail,
    behindHours: behind,
    served,
  });
  switch (fetched.kind) {
    case "http-error":
      return verdict("unreachable", `HTTP ${fetched.httpStatus}`);
    case "network-error":
      return verdict("unreachable", fetched.problem);
    case "tls-error":
      return verdict("broken", `TLS: ${fetched.problem}`);
    case "refused-redirect":
      return verdict("broken", `redirects to ${fetched.to}, which no mirror list names; not followed`);
    case "too-large":
      return verdict("broken", "content: larger than any repomd.xml");
    case "ok":
      break;
  }
  const served = readServedRepomd(fetched.body);
  if (typeof served === "string") return verdict("broken", `content: ${served}`);
  if (reference.sha256 !== null && served.sha256 === reference.sha256) return verdict("in-sync", null, served, 0);
  const alternate = reference.alternates.find((a) => a.sha256 === served.sha256);
  const theirs = alternate?.time ?? served.time;
  if (reference.time === null || theirs === null) {
    return verdict("broken", "content: repomd.xml names no times to compare", served);
  }
  const behind = hours(reference.time - theirs);
  if (behind < 0) return verdict("ahead", `${-behind} h newer than the reference`, served, behind);
  if (behind === 0) {
    return alternate === undefined
      ? verdict("broken", "checksum: same time as the reference, different content", served, 0)
      : verdict("in-sync", null, served, 0);
  }
  return behind > staleAfterHours
    ? verdict("stale", `${behind} h behind (stale after ${staleAfterHours} h)`, served, behind)
    : verdict("behind", `${behind} h behind`, served, behind);
}
