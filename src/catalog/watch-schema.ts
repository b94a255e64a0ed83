import { z } from "zod";

const distroId = z.string().min(1);
const days = z.number().nonnegative();

/** Package name globs as dnf reads them: name characters and `*`, `?`, `[...]`, brackets closed. */
const packageGlob = z
  .string()
  .min(1)
  .refine((g) => /^[A-Za-z0-9._+\-*?[\]!^]+$/.test(g), {
    message: "not a package glob: only name characters and * ? [ ]",
  })
  .refine(
    (g) => {
      // Every [ closes, and no class is empty.
      for (let i = 0; i < g.length; i++) {
        if (g[i] !== "[") continue;
        const end = g.indexOf("]", i + 2);
        if (end === -1) return false;
        i = end;
      }
      return true;
    },
    { message: "not a package glob: a [ is never closed" },
  );

const common = {
  /** The rule's name: firings are kept per rule name and subject, so renaming a rule starts afresh. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a name of letters, digits, . _ -"),
};

/** A rebuild has not shipped an upstream security build (package lag, pending) N days after upstream. */
export const securityBuildPendingRule = z
  .object({
    ...common,
    kind: z.literal("security-build-pending"),
    rebuild: distroId,
    upstream: distroId.optional(),
    release: z.string().min(1).optional(),
    package: packageGlob.optional(),
    severity: z
      .array(z.enum(["Critical", "Important", "Moderate", "Low"]))
      .min(1)
      .optional(),
    days,
  })
  .strict();

/** A new upstream minor is out and a rebuild has not released it N days later. */
export const minorReleasePendingRule = z
  .object({
    ...common,
    kind: z.literal("minor-release-pending"),
    rebuild: distroId,
    upstream: distroId.optional(),
    days,
  })
  .strict();

/** A mirror's newest probe found it more than N hours behind the reference. */
export const mirrorStaleRule = z
  .object({ ...common, kind: z.literal("mirror-stale"), distro: distroId, hours: z.number().nonnegative() })
  .strict();

/** A mirror was unreachable in K probe runs in a row (the newest K of its repository). */
export const mirrorUnreachableRule = z
  .object({
    ...common,
    kind: z.literal("mirror-unreachable"),
    distro: distroId,
    probes: z.number().int().min(1).max(50),
  })
  .strict();

/** A rebuild's parity share (of the upstream's source builds it ships) is below X. */
export const parityBelowRule = z
  .object({
    ...common,
    kind: z.literal("parity-below"),
    rebuild: distroId,
    upstream: distroId.optional(),
    release: z.string().min(1),
    share: z.number().min(0).max(1),
    measure: z.enum(["shipped", "identical"]).default("shipped"),
  })
  .strict();

/** A live source (or a synced repository) has not updated successfully for N days. */
export const sourceFailingRule = z
  .object({ ...common, kind: z.literal("source-failing"), distro: distroId.optional(), days })
  .strict();

/** One watch rule, by kind. */
export const watchRuleSchema = z.discriminatedUnion("kind", [
  securityBuildPendingRule,
  minorReleasePendingRule,
  mirrorStaleRule,
  mirrorUnreachableRule,
  parityBelowRule,
  sourceFailingRule,
]);
export type WatchRule = z.output<typeof watchRuleSchema>;

/** Where new firings go: a webhook (JSON POST) or an mbox file. */
export const notifySchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("webhook"),
      url: z
        .string()
        .url()
        .refine((u) => /^https?:/.test(u), { message: "a webhook URL is http or https" }),
      timeoutSeconds: z.number().positive().max(300).default(10),
      retries: z.number().int().min(0).max(10).default(3),
    })
    .strict(),
  z.object({ kind: z.literal("mbox"), path: z.string().min(1), to: z.string().min(1).default("root") }).strict(),
]);
export type NotifyEntry = z.output<typeof notifySchema>;

/**
 * watch.yaml: the rules `elscope watch` evaluates and where new firings are sent.
 *
 * @example
 * watchSchema.parse({ rules: [{ name: "alma-mirrors", kind: "mirror-stale", distro: "almalinux", hours: 24 }] })
 */
export const watchSchema = z
  .object({
    rules: z
      .array(watchRuleSchema)
      .min(1)
      .superRefine((rules, ctx) => {
        const seen = new Set<string>();
        rules.forEach((r, i) => {
          if (seen.has(r.name))
            ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${r.name}" names two rules` });
          seen.add(r.name);
        });
      }),
    notify: z.array(notifySchema).default([]),
  })
  .strict();
export type WatchRules = z.output<typeof watchSchema>;
