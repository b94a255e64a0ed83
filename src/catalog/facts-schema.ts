import { z } from "zod";

/** What facts are about: the things people compare distributions by that no API gives. */
export const FACT_TOPICS = [
  "organisation",
  "legal-form",
  "founded-by",
  "sponsors",
  "partners",
  "annual-pledge",
  // Counts over time (dated points): who stands behind a distribution, and how many.
  "foundation-members",
  "corporate-sponsors",
  "mirror-sponsors",
  "partner-count",
  "support-providers",
  "commercial-support",
  "professional-services",
  "build-system",
  "architectures",
  "upstream-source",
  "compatibility-claim",
  "modified-packages",
  "update-policy",
  "minor-release-policy",
  "migration-tooling",
  "migration-prerequisite",
  "documentation",
  "container-images",
  "vagrant-boxes",
  "cloud-images",
] as const;
export type FactTopic = (typeof FACT_TOPICS)[number];

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
    "not a date (YYYY-MM-DD)",
  );

/** Today in UTC as YYYY-MM-DD: a check date after it has not happened yet. */
const today = (): string => new Date().toISOString().slice(0, 10);

/** The day a fact was checked against its page: a past (or today's) date, or "unverified". */
const checkDate = z.union([
  z.literal("unverified"),
  isoDate.refine((v) => v <= today(), { message: "is in the future; a check date is the day someone read the page" }),
]);

/**
 * A web page's address: http or https only. The source becomes a link on the dashboard and in
 * reports, so `javascript:`, `data:` or `file:` (which z.string().url() takes, as the URL
 * standard does) is refused here as a ConfigError naming the file and the field.
 * See https://url.spec.whatwg.org/#url-parsing and https://www.rfc-editor.org/rfc/rfc9110#section-4.2
 */
const webUrl = z
  .string()
  .url()
  // Checked even when url() failed (zod goes on after a failed check), so it must not throw.
  .refine((v) => !URL.canParse(v) || /^https?:$/.test(new URL(v).protocol), {
    message: "not an http(s) URL; a source is a web page",
  });

/** A checked fact must say what was read: the words or the figure, and which copy of the page. */
function requireEvidence(
  f: { readonly checked?: string | undefined; readonly evidence?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (f.checked !== undefined && f.checked !== "unverified" && (f.evidence ?? "").trim() === "")
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ["evidence"],
      message: "a checked fact needs evidence: the words or figure read, and which copy of the page",
    });
}

const sourced = {
  /** The page that states it. */
  source: webUrl,
  /** When it was last checked against that page, or "unverified". */
  checked: checkDate,
  /** What was read to check it: a short quote or the figure, and which copy (URL, or repo@commit:path). */
  evidence: z.string().max(400).optional(),
  /** The date the page itself states (a post's date, "last updated"), when it states one. */
  pageDate: isoDate.optional(),
};

/** One dated figure of a count over time (members, sponsors, partners), with its own source. */
export const factPointSchema = z
  .object({
    /** The day the figure held (as the page states it, or the day of the copy read). */
    date: isoDate,
    value: z.number().int().nonnegative(),
    /** "about" for a page's "nearly 300", "over" for "400+": the figure as the page bounds it. */
    qualifier: z.enum(["about", "over"]).optional(),
    ...sourced,
  })
  .strict()
  .superRefine(requireEvidence);

/**
 * One sourced, dated fact: a `value` (text, or a list) with its source and check, or — for a number
 * over time — `points`, each dated and sourced, kept rather than overwritten. A fact with points reads
 * as its newest point (value, source, check), so every reader of facts sees one current figure.
 */
export const factSchema = z
  .object({
    topic: z.enum(FACT_TOPICS),
    value: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** What the points count ("sponsor members"); only with points. */
    unit: z.string().min(1).optional(),
    points: z.array(factPointSchema).min(1).optional(),
    source: webUrl.optional(),
    checked: checkDate.optional(),
    evidence: sourced.evidence,
    pageDate: sourced.pageDate,
    /** When what it states took effect (YYYY-MM-DD): an event the trend charts mark. */
    date: isoDate.optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (f.points === undefined) {
      if (f.value === undefined) issue("value", "Required (or points, for a number over time)");
      if (f.source === undefined) issue("source", "Required");
      if (f.checked === undefined) issue("checked", 'Required (a date, or "unverified")');
      if (f.unit !== undefined) issue("unit", "only a fact with points has a unit");
      requireEvidence(f, ctx);
      return;
    }
    for (const k of ["value", "source", "checked", "evidence", "pageDate", "date"] as const)
      if (f[k] !== undefined) issue(k, "a fact with points states this per point");
    const dates = f.points.map((p) => p.date);
    const twice = dates.find((d, i) => dates.indexOf(d) !== i);
    if (twice !== undefined) issue("points", `two points dated ${twice}; one figure per day`);
  })
  .transform((f): Fact => {
    if (f.points === undefined)
      return {
        topic: f.topic,
        value: f.value ?? "",
        source: f.source ?? "",
        checked: f.checked ?? "unverified",
        ...(f.evidence === undefined ? {} : { evidence: f.evidence }),
        ...(f.pageDate === undefined ? {} : { pageDate: f.pageDate }),
        ...(f.date === undefined ? {} : { date: f.date }),
      };
    const points = [...f.points].sort((a, b) => (a.date < b.date ? -1 : 1));
    const last = points[points.length - 1] as FactPoint;
    return {
      topic: f.topic,
      value: `${pointText(last)}${f.unit === undefined ? "" : ` ${f.unit}`} (${last.date})`,
      source: last.source,
      checked: last.checked,
      ...(last.evidence === undefined ? {} : { evidence: last.evidence }),
      ...(last.pageDate === undefined ? {} : { pageDate: last.pageDate }),
      ...(f.unit === undefined ? {} : { unit: f.unit }),
      points,
    };
  });

/** A point's figure as the page bounds it: "about 300", "over 400", "29". */
export function pointText(p: Pick<FactPoint, "value" | "qualifier">): string {
  return p.qualifier === undefined ? String(p.value) : `${p.qualifier} ${p.value}`;
}

/** A distribution's facts file (facts/<distro>.yaml). */
export const factsFileSchema = z
  .object({
    distro: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    facts: z.array(factSchema),
  })
  .strict();

export type FactPoint = z.output<typeof factPointSchema>;

/** A fact as elscope reads it: one current value, and for a number over time its points, oldest first. */
export interface Fact {
  readonly topic: FactTopic;
  readonly value: string | string[];
  readonly source: string;
  /** YYYY-MM-DD, or "unverified". */
  readonly checked: string;
  readonly evidence?: string;
  readonly pageDate?: string;
  /** When what it states took effect: an event on the trend charts. */
  readonly date?: string;
  readonly unit?: string;
  readonly points?: readonly FactPoint[];
}
export type FactsFile = z.output<typeof factsFileSchema>;
