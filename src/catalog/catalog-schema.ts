import { z } from "zod";

/** Architectures an Enterprise Linux repository can be built for; `src` names source repositories. */
export const ARCHES = ["x86_64", "x86_64_v2", "aarch64", "ppc64le", "s390x", "riscv64", "i686", "src"] as const;
export type Arch = (typeof ARCHES)[number];

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, "letters, digits, . _ + - only");
const version = z.string().regex(/^[0-9]+(\.[0-9]+)?$/, 'a major or major.minor version such as "9" or "9.4"');
// Templates may use {mirror} {major} {minor} {release} {path} {arch}; checked by loadCatalog.
const template = z.string().min(1);

const repoSchema = z
  .object({
    /** The repository's name in this major release, as the distribution writes it (PowerTools, CRB, ...). */
    name,
    /** The name that relates repositories across releases and distributions (PowerTools and CRB are both CRB). */
    canonical: name.optional(),
    /** Directory name in URLs, when it differs from the name (Oracle's lower-case paths, for example). */
    path: z.string().min(1).optional(),
    /** Other names a user may type for it. */
    aliases: z.array(name).optional(),
    arches: z.array(z.enum(ARCHES)).min(1).optional(),
    /** Only in the rolling major tree; no per-minor copy exists (Oracle's AppStream, for example). */
    rollingOnly: z.boolean().default(false),
    /** First minor release that has it. */
    since: version.optional(),
    url: template.optional(),
    vaultUrl: template.optional(),
    sourceUrl: template.optional(),
    /** Mirrors for this repository alone (public UBI content beside entitled RHEL content). */
    mirrors: z.array(z.string().url()).min(1).optional(),
    auth: z.enum(["none", "client-certificate"]).optional(),
    description: z.string().optional(),
  })
  .strict();

const majorSchema = z
  .object({
    major: z.string().regex(/^[0-9]+$/, "a major version such as 9"),
    /** Minor releases, oldest first; the newest one is served from the main mirrors, older ones from the vault. */
    minors: z.array(version),
    /** Whether the mirrors serve the major version itself (a symlink to the newest minor, or a stream). */
    rolling: z.boolean().default(true),
    arches: z.array(z.enum(ARCHES)).min(1),
    /** Key that signs this major's repomd.xml; a URL or a path. */
    gpgKey: z.string().optional(),
    /**
     * Ids of the keys that sign this major's packages: 8 or 16 hex digits (short or long key id) or a
     * 40-digit fingerprint; `elscope provenance --signatures` reports packages signed by any other.
     */
    signingKeys: z
      .array(z.string().regex(/^([0-9a-fA-F]{8}|[0-9a-fA-F]{16}|[0-9a-fA-F]{40})$/, "8, 16 or 40 hex digits"))
      .default([]),
    repos: z.array(repoSchema).min(1),
  })
  .strict();

/** A regular expression, as text. */
const regexText = z.string().refine((p) => {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}, "not a valid regular expression");

const markerSchema = z
  .object({
    /** Regular expression over a release string that marks a rebuild's own change. */
    pattern: regexText,
    meaning: z.enum(["modified", "rebuild"]),
    example: z.string().optional(),
  })
  .strict();

const rewriteSchema = z
  .object({
    /** Regular expression over a release string; every match is replaced before builds are compared. */
    pattern: z.string().refine((p) => {
      try {
        new RegExp(p, "g");
        return true;
      } catch {
        return false;
      }
    }, "not a valid regular expression"),
    replace: z.string(),
    /** Why two builds that differ here are still the same source (module build ids, for example). */
    why: z.string(),
  })
  .strict();

/**
 * An upstream package the rebuild ships under its own name (branding: redhat-release → almalinux-release),
 * or deliberately not at all (Red Hat's subscription services); named as the upstream (RHEL) names it.
 */
const substitutionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("replaced"), upstream: name, by: z.array(name).min(1) }).strict(),
  z.object({ kind: z.literal("not-applicable"), upstream: name }).strict(),
]);

// The kind lists below name source kinds of the registry's families; the catalog layer sits below
// src/sources and cannot ask it, so test/catalog-kinds.test.ts keeps the two equal.

/** Release-date sources `elscope import` and `elscope update` read (the "release-dates" family). */
export const RELEASE_DATE_SOURCE_KINDS = [
  "almalinux-release-notes",
  "rocky-version-table",
  "endoflife-release-data",
  "endoflife-product",
] as const;

/**
 * Kinds of release dates: the sources, and those elscope derives from what it has: "repository" is the
 * first file date of the release package in synced repositories, "rhel-errata" the first advisory
 * shipping it, "endoflife-product-history" every date the git history of an endoflife.date product
 * page stated (read by the endoflife-product importer from a repository or bundle).
 */
export const RELEASE_DATE_KINDS = [
  ...RELEASE_DATE_SOURCE_KINDS,
  "endoflife-product-history",
  "repository",
  "rhel-errata",
] as const;

const releaseDatesSchema = z
  .object({
    /** The package whose version is the minor release (almalinux-release 9.4-...). */
    releasePackage: z.string().optional(),
    /** Which source wins when they disagree, first first. */
    precedence: z.array(z.enum(RELEASE_DATE_KINDS)).min(1),
    /**
     * The releases that started the distribution (a release candidate and the first GA), which
     * release-lag summaries leave out; without it, the earliest minor declared.
     */
    firstReleases: z.array(z.string().regex(/^\d+\.\d+$/)).optional(),
    /** Live sources `elscope update` fetches. */
    sources: z.array(z.object({ kind: z.enum(RELEASE_DATE_KINDS), url: z.string().url() }).strict()).default([]),
  })
  .strict();

/** Kinds of mirror lists `elscope import` and `elscope update` read (the "mirrors" family). */
export const MIRROR_LIST_KINDS = [
  "almalinux-mirrors",
  "mirrormanager-mirrorlist",
  "metalink",
  "mirror-url-list",
  "mirror-count-history",
] as const;

const mirrorNetworkSchema = z
  .object({
    /** Live mirror lists `elscope update` imports (a git repository URL for almalinux-mirrors). */
    lists: z.array(z.object({ kind: z.enum(MIRROR_LIST_KINDS), url: z.string().url() }).strict()).default([]),
    /** A mirror further behind the reference than this is stale (the distribution's own rule where it has one). */
    staleAfterHours: z.number().positive().default(24),
  })
  .strict();

/** Where a distribution's images are and whose they are. */
const imagesSchema = z
  .object({
    /**
     * Folders with image files, relative to the first mirror or absolute; {major} and {arch} are
     * filled for each major and architecture (e.g. "{major}/cloud/{arch}/images/").
     */
    mirrorPaths: z.array(z.string().min(1)).default([]),
    /** Publishers whose images are the distribution's own, per channel (AWS owner ids, Azure publishers, GCP projects...). */
    officialPublishers: z
      .object({
        aws: z.array(z.string()).optional(),
        azure: z.array(z.string()).optional(),
        gcp: z.array(z.string()).optional(),
        vagrant: z.array(z.string()).optional(),
        container: z.array(z.string()).optional(),
      })
      .strict()
      .default({}),
    /** Import kinds whose lists are the distribution's own (its official AMI list). */
    officialSources: z.array(z.string()).default([]),
  })
  .strict();

/** Kinds of advisory sources `elscope import` and `elscope update` read (the "advisories" family). */
export const ADVISORY_KINDS = ["osv", "rpm-md-updateinfo", "rocky-apollo", "almalinux-errata", "redhat-csaf"] as const;

/** Live advisory feeds `elscope update` imports (a git repository URL for osv). */
const advisoriesSchema = z
  .object({
    sources: z
      .array(
        z
          .object({
            kind: z.enum(ADVISORY_KINDS),
            url: z.string().url(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const authSchema = z
  .object({
    kind: z.literal("client-certificate"),
    /** Environment variables naming the certificate, key and CA files (an entitlement from subscription-manager). */
    certEnv: z.string(),
    keyEnv: z.string(),
    caEnv: z.string().optional(),
    caFile: z.string().optional(),
  })
  .strict();

/**
 * How often the scheduler runs this distribution's jobs, in hours; each one missing takes its
 * default from src/catalog/defaults.ts (SYNC_CADENCE_HOURS, PROBE_CADENCE_HOURS, UPDATE_CADENCE_HOURS).
 */
const scheduleSchema = z
  .object({
    /** Hours between two syncs of each of its repositories. */
    syncHours: z.number().positive().optional(),
    /** Hours between two probes of its mirrors. */
    probeHours: z.number().positive().optional(),
    /** Hours between two refreshes of its live sources. */
    updateHours: z.number().positive().optional(),
  })
  .strict();

/** A build system a build host points to: a regular expression over the package's `buildhost`. */
const buildSystemSchema = z
  .object({
    pattern: regexText,
    /** The build system's name: ALBS, Peridot, Brew, Koji, ... */
    system: z.string().min(1),
  })
  .strict();

/** One distribution: everything about it that is data rather than code. */
export const distroSchema = z
  .object({
    id: name,
    name: z.string().min(1),
    role: z.enum(["upstream", "rebuild", "stream"]),
    /** The distribution this one rebuilds or follows. */
    upstream: name.optional(),
    website: z.string().url(),
    mirrors: z.array(z.string().url()).min(1),
    vaultMirrors: z.array(z.string().url()).min(1).optional(),
    urls: z
      .object({
        binary: template,
        source: template.optional(),
        vault: template.optional(),
        vaultSource: template.optional(),
      })
      .strict(),
    auth: authSchema.optional(),
    verifySignatures: z.boolean().default(false),
    /** Which minors the vault URL templates serve: all but the newest (most rebuilds), or all (Oracle's update channels). */
    minorsInVault: z.enum(["older", "all"]).default("older"),
    releaseMarkers: z.array(markerSchema).default([]),
    /** Rewrites applied to releases of this distribution (and of its upstream) before matching builds. */
    releaseRewrites: z.array(rewriteSchema).default([]),
    /** Upstream packages replaced by the rebuild's own or dropped on purpose; a YAML comment names each one's source. */
    substitutions: z
      .array(substitutionSchema)
      .default([])
      .superRefine((subs, ctx) => {
        // One upstream package, one answer: two entries would make parity depend on their order.
        const seen = new Set<string>();
        subs.forEach((s, i) => {
          if (seen.has(s.upstream))
            ctx.addIssue({ code: "custom", path: [i, "upstream"], message: `"${s.upstream}" is listed twice` });
          seen.add(s.upstream);
        });
      }),
    releaseDates: releaseDatesSchema.optional(),
    mirrorNetwork: mirrorNetworkSchema.optional(),
    images: imagesSchema.optional(),
    advisories: advisoriesSchema.optional(),
    schedule: scheduleSchema.optional(),
    /** Build systems by build host, first match wins; a YAML comment names where each pattern was seen. */
    buildSystems: z.array(buildSystemSchema).default([]),
    /** The `Vendor` values this distribution's own packages carry (exact strings). */
    expectedVendors: z.array(z.string().min(1)).default([]),
    /** The `Packager` values this distribution's own packages carry (exact strings). */
    expectedPackagers: z.array(z.string().min(1)).default([]),
    majors: z.array(majorSchema).min(1),
  })
  .strict();

export type DistroInput = z.input<typeof distroSchema>;
export type Distro = Readonly<z.output<typeof distroSchema>>;
export type Major = Distro["majors"][number];
export type CatalogRepo = Major["repos"][number];
export type ReleaseMarker = Distro["releaseMarkers"][number];
export type ReleaseRewrite = Distro["releaseRewrites"][number];
export type Substitution = Distro["substitutions"][number];
export type BuildSystem = Distro["buildSystems"][number];
