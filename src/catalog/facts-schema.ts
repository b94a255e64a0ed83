import { z } from "zod";

/** What facts are about: the things people compare distributions by that no API gives. */
export const FACT_TOPICS = [
  "organisation",
  "legal-form",
  "founded-by",
  "sponsors",
  "partners",
  "commercial-support",
  "professional-services",
  "build-system",
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

/** One sourced, dated fact. */
export const factSchema = z
  .object({
    topic: z.enum(FACT_TOPICS),
    value: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** The page that states it. */
    source: webUrl,
    /** When it was last checked against that page, or "unverified". */
    checked: z.union([z.literal("unverified"), isoDate]),
    /** What was read to check it, when that was not the page itself (e.g. a snapshot of it). */
    evidence: z.string().optional(),
    /** When what it states took effect (YYYY-MM-DD): an event the trend charts mark. */
    date: isoDate.optional(),
  })
  .strict();

/** A distribution's facts file (facts/<distro>.yaml). */
export const factsFileSchema = z
  .object({
    distro: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    facts: z.array(factSchema),
  })
  .strict();

export type Fact = z.output<typeof factSchema>;
export type FactsFile = z.output<typeof factsFileSchema>;
