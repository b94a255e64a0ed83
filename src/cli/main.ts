import { Command, CommanderError, Option } from "commander";
import { favourSmallHeap } from "./favour-small-heap.js";
import { DEFAULT_LAG_GROUPINGS } from "../analyze/update-lag.js";
import { ElscopeError } from "../errors/elscope-error.js";
import { EXIT_CODES } from "../errors/exit-codes.js";
import { escapeControl } from "../errors/escape-control.js";
import { stableStringify } from "../format/stable-stringify.js";
import { STALE_DAYS } from "../catalog/defaults.js";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function build(setExit: (code: number) => void, importKinds: string): Command {
  const program = new Command("elscope")
    .description(
      "Measures Enterprise Linux distributions (RHEL, AlmaLinux, Rocky Linux, Oracle Linux, CentOS Stream) from their own published data.",
    )
    .version("0.1.0")
    .option("--db <path>", "store file (default: $ELSCOPE_DB, else $XDG_DATA_HOME/elscope/elscope.db)")
    .option(
      "--catalog <dir>",
      "extra catalog folder with distribution YAML files (repeatable; default $ELSCOPE_CATALOG)",
      collect,
    )
    .showHelpAfterError()
    .exitOverride();
  const globals = (cmd: Command) => cmd.optsWithGlobals();

  program
    .command("catalog")
    .description("list the declared distributions, releases, repositories and architectures")
    .option("--json", "machine-readable output")
    .option("--csv", "one row per distribution and major, as CSV")
    .action(async (_o, cmd: Command) => (await import("./commands/catalog-command.js")).catalogCommand(globals(cmd)));

  program
    .command("db")
    .description("the store itself")
    .command("copy")
    .description(
      "copy a whole store between SQLite and PostgreSQL into an empty target, checked by row counts per table",
    )
    .requiredOption("--from <store>", "the source: a SQLite path or a postgres:// URL")
    .requiredOption("--to <store>", "the empty target: a SQLite path or a postgres:// URL")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (o: { from: string; to: string; json?: boolean; csv?: boolean }) =>
      (await import("./commands/db-copy-command.js")).dbCopyCommand(o),
    );

  program
    .command("sync")
    .description("fetch rpm-md repositories into the store (every catalog repository that matches the filters)")
    .option("--distro <ids>", "distribution ids, comma-separated")
    .option("--release <versions>", "releases such as 9 (the rolling tree) or 9.4, comma-separated")
    .option("--repo <names>", "repository names (BaseOS, AppStream, CRB, ...), comma-separated")
    .option("--arch <arches>", "architectures (x86_64, aarch64, src, ...), comma-separated")
    .option("--url <url>", "sync one repository from this base URL or local path instead of the catalog")
    .option("--as <key>", "with --url: store it as distro:release/repo/arch (checked against the catalog)")
    .option(
      "--new-repo",
      "with --url/--as: the key is outside the catalog (a distribution, release, repository or arch it lacks)",
    )
    .option("--json", "print a machine-readable summary")
    .option("--csv", "the summary as CSV")
    .option("--concurrency <n>", "repositories synced at once", "2")
    .option("--timeout <seconds>", "give up on a silent server after this long", "30")
    .option(
      "--deadline <seconds>",
      "give up on one file after this long in all, retries included (default: 10 × --timeout)",
    )
    .option("--max-file-size <size>", "largest download of one metadata file, e.g. 512MiB or 2GB", "512MiB")
    .option("--max-unpacked-size <size>", "largest decompressed metadata file fed to the parser", "4GiB")
    .option("--retries <n>", "retries on 429, 5xx, timeouts and dropped connections", "3")
    .option("--cert <file>", "TLS client certificate (Red Hat CDN entitlement)")
    .option("--key <file>", "TLS client key")
    .option("--cacert <file>", "CA bundle for the server")
    .option("--queue", "enqueue one sync job per repository for `elscope worker` instead (PostgreSQL store)")
    .action(async (o: { queue?: boolean }, cmd: Command) => {
      // The parser's thread loads its modules on the other core while this one loads the sync's;
      // a sync that parses nothing leaves it unused (it never keeps the process alive).
      if (o.queue !== true) (await import("../sources/parse-file-in-worker.js")).prewarmParser();
      setExit(await (await import("./commands/sync-command.js")).syncCommand(globals(cmd)));
    });

  program
    .command("packages")
    .description("list the packages of a repository's newest snapshot")
    .argument(
      "<repository>",
      "distro:release/repo/arch, e.g. almalinux:9.4/BaseOS/x86_64; repo or arch may be *; a major (9) spans its minors and rolling tree",
    )
    .option("--name <glob>", "only these package names, a glob as dnf takes it: 'kernel*'")
    .option("--qf <format>", "one line per package in rpm's query format: '%{name}-%{version}-%{release}.%{arch}'")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .option("--as-of <date>", "read the history as of a day (its end, UTC) or a date-time with zone")
    .action(async (key: string, _o, cmd: Command) =>
      (await import("./commands/packages-command.js")).packagesCommand(key, globals(cmd)),
    );

  program
    .command("repos")
    .description(
      "list the repositories in the store: newest snapshot, binary and source package counts per architecture",
    )
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .option("--as-of <date>", "read the history as of a day (its end, UTC) or a date-time with zone")
    .action(async (_o, cmd: Command) => (await import("./commands/repos-command.js")).reposCommand(globals(cmd)));

  program
    .command("lag")
    .description("update release lag: days from each upstream build to each rebuild's matching build")
    .option("--upstream <distro>", "the reference distribution (default: the catalog's upstream, rhel)")
    .option("--rebuild <distros>", "rebuilds to measure, comma-separated")
    .option("--release <version>", "only upstream builds of this release (9.4) or major tree (9)")
    .option("--package <name>", "only this source package, e.g. kernel")
    .option("--time <source>", "file: the metadata's file times; seen: when elscope first saw a build", "file")
    .option("--summary", "only the summaries")
    .option(
      "--by <groupings>",
      "the summaries' groupings: distro, release, repo, package",
      DEFAULT_LAG_GROUPINGS.join(","),
    )
    .option("--json", "machine-readable output, written as it is made")
    .option("--jsonl", "one JSON row per line (NDJSON), no envelope; with --summary, the summaries")
    .option("--csv", "CSV output")
    .option("--as-of <date>", "read the history as of a day (its end, UTC) or a date-time with zone")
    .action(async (_o, cmd: Command) => (await import("./commands/lag-command.js")).lagCommand(globals(cmd)));

  program
    .command("parity")
    .description("compatibility, measured: upstream builds each rebuild ships identical, modified or not at all")
    .option("--upstream <distro>", "the reference distribution (default: the catalog's upstream, rhel)")
    .option("--rebuild <distros>", "rebuilds to measure, comma-separated")
    .option("--release <version>", "the release to compare, e.g. 9 or 9.4")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .option("--as-of <date>", "read the history as of a day (its end, UTC) or a date-time with zone")
    .action(async (_o, cmd: Command) => (await import("./commands/parity-command.js")).parityCommand(globals(cmd)));

  program
    .command("migrate-check")
    .description("migration readiness of a host: what each installed package becomes on each target")
    .option(
      "--installed <file>",
      "the host's package list: rpm -qa, rpm -qa --qf '...%{VENDOR}', or dnf list installed",
    )
    .option("--to <targets>", "targets, comma-separated, e.g. almalinux:9,rocky:9")
    .option("--from <distro:major>", "the host's distribution (default: read from its *-release package)")
    .option("--drivers <file>", "the host's lsmod or lspci -nn output, checked against leapp's device driver data")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output (one row per package and target)")
    .action(async (_o, cmd: Command) =>
      (await import("./commands/migrate-check-command.js")).migrateCheckCommand(globals(cmd)),
    );

  program
    .command("diff")
    .description("packages added, removed, upgraded and downgraded between two repositories (dnf repodiff)")
    .argument("<from>", "distro:release/repo/arch; repo or arch may be * for all")
    .argument("<to>", "distro:release/repo/arch; repo or arch may be * for all")
    .option("--by <what>", "binary or source packages", "binary")
    .option("--compare-arch", "compare binary packages by name and architecture")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .option("--as-of <date>", "read the history as of a day (its end, UTC) or a date-time with zone")
    .action(async (a: string, b: string, _o, cmd: Command) =>
      (await import("./commands/diff-command.js")).diffCommand(a, b, globals(cmd)),
    );

  program
    .command("arches")
    .description("architectures per distribution and major release, declared in the catalog and confirmed by sync")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (_o, cmd: Command) => (await import("./commands/arches-command.js")).archesCommand(globals(cmd)));

  program
    .command("provenance")
    .description(
      "build provenance: builds per build-host domain, build system, packager and vendor per release, when the build system changed, unexpected vendors and packagers; with --signatures, the signing keys of a sample",
    )
    .option("--distro <id>", "the distribution to measure")
    .option("--release <version>", "only this release (9.4) or major (9)")
    .option(
      "--signatures",
      "first read the RPM headers of a sample of each repository's packages (HTTP range requests) and record their signing keys",
    )
    .option("--sample <n>", "with --signatures: packages read per repository", "20")
    .option("--max-header-bytes <n>", "with --signatures: bytes read of each package at most", "65536")
    .option("--timeout <seconds>", "with --signatures: give up on a silent server after this long", "30")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (_o, cmd: Command) =>
      (await import("./commands/provenance-command.js")).provenanceCommand(globals(cmd)),
    );

  program
    .command("import")
    .description(
      "read one source (a file, folder, git repository or URL) into the store: release dates, advisories, mirror lists, images, popularity",
    )
    .argument("<kind>", importKinds)
    .argument("<source>", "a file path, folder, git bundle or URL")
    .option("--distro <id>", "the distribution it is about, when the file name does not tell")
    .option("--region <region>", "aws-describe-images: the AWS region the output is from")
    .option("--as-of <date>", "mirror lists and images: when this copy was taken, if earlier than now")
    .option(
      "--label <text>",
      "what the store names as the source (default: the path or URL), e.g. AlmaLinux/mirrors @86a29bb8",
    )
    .option(
      "--subject <name>",
      "docker-hub-tags: the repository (docker.io/library/almalinux); popularity-csv: the subject when the file names none",
    )
    .option(
      "--history [sampling]",
      "almalinux-mirrors from git: a snapshot per commit (every), day (daily) or month (monthly, the default)",
    )
    .option("--json", "machine-readable output")
    .option("--csv", "the summary as one CSV row")
    .option(
      "--queue",
      "enqueue an import job for `elscope worker` instead (PostgreSQL store; a URL or a path every worker can read)",
    )
    .action(async (kind: string, source: string, _o, cmd: Command) =>
      (await import("./commands/import-command.js")).importCommand(kind, source, globals(cmd)),
    );

  program
    .command("advisories")
    .description(
      "errata lag (upstream advisory to the rebuild's own publication) and feed lag (to the feed's first commit, backfills excluded), per year, major and severity",
    )
    .option("--rebuild <id>", "the rebuild whose advisories to measure")
    .addOption(new Option("--distro <id>", "older spelling of --rebuild").hideHelp())
    .option("--upstream <distro>", "the reference distribution (default: the catalog's upstream, rhel)")
    .option("--summary", "only the summaries")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (_o, cmd: Command) =>
      (await import("./commands/advisories-command.js")).advisoriesCommand(globals(cmd)),
    );

  program
    .command("exposure")
    .description("CVE exposure: how long the rebuild stayed without each upstream fix")
    .option("--rebuild <id>", "the rebuild")
    .addOption(new Option("--distro <id>", "older spelling of --rebuild").hideHelp())
    .option("--upstream <distro>", "the reference distribution (default: the catalog's upstream, rhel)")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (_o, cmd: Command) =>
      (await import("./commands/advisories-command.js")).exposureCommand(globals(cmd)),
    );

  program
    .command("facts")
    .description(
      "sourced facts no API gives (organisation, support, build system, compatibility claim, migration tooling), old ones flagged",
    )
    .option("--distro <ids>", "only these distributions, comma-separated")
    .option("--stale-days <n>", "flag facts checked longer ago than this", String(STALE_DAYS))
    .option("--check", "list only what wants checking again: stale facts (exit 7 when there are any)")
    .option("--fetch", "with --check: fetch every cited page and list those whose text changed since the check")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (_o, cmd: Command) =>
      setExit(await (await import("./commands/facts-command.js")).factsCommand(globals(cmd))),
    );

  const images = program
    .command("images")
    .description(
      "images per distribution: on mirrors, cloud marketplaces, Vagrant and container registries; official or third-party",
    )
    .option("--distro <ids>", "only these distributions, comma-separated")
    .option("--channel <channels>", "only these channels: mirror, aws, azure, gcp, vagrant, container")
    .option("--all", "every image, not the matrix")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .option("--as-of <date>", "read the history as of a day (its end, UTC) or a date-time with zone")
    .action(async (_o, cmd: Command) => (await import("./commands/images-command.js")).imagesCommand(globals(cmd)));
  images
    .command("crawl")
    .description("read the image folders (nginx or Apache listings) of a distribution's mirror and classify the files")
    .option("--distro <id>", "the distribution")
    .option("--release <majors>", "only these majors, comma-separated")
    .option("--url <base>", "another mirror's base URL (default: the catalog's first mirror)")
    .option("--depth <n>", "subfolder levels to follow", "1")
    .option("--json", "machine-readable output")
    .option("--csv", "one row per folder read, as CSV")
    .action(async (_o, cmd: Command) =>
      (await import("./commands/images-command.js")).imagesCrawlCommand(globals(cmd)),
    );

  program
    .command("popularity")
    .description("popularity time series (rankings, pulls, downloads, check-ins), each point with source and date")
    .option("--distro <ids>", "only these distributions, comma-separated")
    .option("--metric <names>", "only these metrics, comma-separated")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (_o, cmd: Command) =>
      (await import("./commands/popularity-command.js")).popularityCommand(globals(cmd)),
    );

  program
    .command("report")
    .description("the whole comparison as Markdown and self-contained HTML (and JSON): every figure sourced and dated")
    .option("--rebuild <ids>", "rebuilds to compare, comma-separated (default: every rebuild of the upstream)")
    .addOption(new Option("--distros <ids>", "older spelling of --rebuild").hideHelp())
    .option("--upstream <distro>", "the reference distribution (default: the catalog's upstream, rhel)")
    .option("--out <dir>", "output folder", "report")
    .option("--format <formats>", "md, html, json, comma-separated", "md,html")
    .option("--host-list <file>", "the host the migration section checks (default: the sample in data/hosts/)")
    .option("--as-of <date>", "read the history as of a day (its end, UTC) or a date-time with zone")
    .action(async (_o, cmd: Command) => (await import("./commands/report-command.js")).reportCommand(globals(cmd)));

  program
    .command("serve")
    .description(
      "the JSON API (/api, described at /api/openapi.json) and the web dashboard; read-only unless ELSCOPE_TOKEN is set",
    )
    .option("--port <n>", "port to listen on", "8080")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--queue", "POST /api/update enqueues update jobs for workers instead of running them (PostgreSQL store)")
    .option("--schedule", "also run the scheduler (as `elscope schedule` does) in this process (PostgreSQL store)")
    .action(async (_o, cmd: Command) => (await import("./commands/serve-command.js")).serveCommand(globals(cmd)));

  program
    .command("worker")
    .description(
      "take jobs (sync, probe, import, update) from the queue in the PostgreSQL store and run them; start any number, on any machine",
    )
    .option("--concurrency <n>", "jobs run at once per queue", "1")
    .option("--queues <names>", "queues to take jobs from, comma-separated: sync, probe, import, update (default: all)")
    .option("--grace <seconds>", "on SIGTERM, how long running jobs may finish before they go back to the queue", "60")
    .option(
      "--rules <file>",
      "watch rules to evaluate after each job (default: $XDG_CONFIG_HOME/elscope/watch.yaml if it exists)",
    )
    .action(async (_o, cmd: Command) =>
      setExit(await (await import("./commands/worker-command.js")).workerCommand(globals(cmd))),
    );

  program
    .command("schedule")
    .description(
      "enqueue the catalog's periodic jobs: each repository's sync on its cadence, mirror probes, live sources (PostgreSQL store)",
    )
    .option("--once", "enqueue what is due now and exit (for cron and tests)")
    .option("--distro <ids>", "only these distributions, comma-separated")
    .option("--release <versions>", "only these releases, comma-separated")
    .option("--repo <names>", "only these repositories, comma-separated")
    .option("--arch <arches>", "only these architectures, comma-separated")
    .option("--queues <names>", "kinds of job to plan, comma-separated: sync, probe, update (default: all)")
    .option("--json", "with --once: the due jobs and the new job ids")
    .option("--csv", "with --once: one row per due job (queue, key, new id or empty)")
    .action(async (_o, cmd: Command) => (await import("./commands/schedule-command.js")).scheduleCommand(globals(cmd)));

  program
    .command("jobs")
    .description("list the queue's jobs: queued, active, failed and completed, with times, key, retries and last error")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (_o, cmd: Command) => (await import("./commands/jobs-command.js")).jobsCommand(globals(cmd)));

  const mirrors = program.command("mirrors").description("the mirror network: statistics, growth and live health");
  mirrors
    .command("stats")
    .description(
      "mirrors public/private, protocols, IPv6, countries and continents, sponsors, update frequency, growth",
    )
    .option("--distro <ids>", "only these distributions, comma-separated")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .option("--as-of <date>", "read the history as of a day (its end, UTC) or a date-time with zone")
    .action(async (_o, cmd: Command) =>
      (await import("./commands/mirrors-stats-command.js")).mirrorsStatsCommand(globals(cmd)),
    );
  mirrors
    .command("probe")
    .description(
      "fetch repomd.xml from every listed mirror and compare it with the reference: in sync, behind, stale, unreachable, broken",
    )
    .option("--distro <ids>", "only these distributions, comma-separated (default: every one with a mirror list)")
    .option("--release <versions>", "releases to probe (default: the newest)")
    .option("--repo <names>", "repositories to probe (default: the release's first, e.g. BaseOS)")
    .option("--arch <arches>", "architectures to probe (default: the first, e.g. x86_64)")
    .option("--concurrency <n>", "requests in flight at once", "256")
    .option("--per-host <n>", "requests in flight to one host", "2")
    .option("--interval <seconds>", "least time between two requests to one host", "1")
    .option("--timeout <seconds>", "deadline for one mirror's answer", "10")
    .option("--include-private", "also probe mirrors the list marks private")
    .option("--cacert <file>", "extra CA certificates (PEM) to trust")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (_o, cmd: Command) =>
      (await import("./commands/mirrors-probe-command.js")).mirrorsProbeCommand(globals(cmd)),
    );

  program
    .command("update")
    .description(
      "fetch every live source the catalog declares (release dates, advisories, mirror lists); a failing source keeps its last good data",
    )
    .option("--distro <ids>", "only these distributions, comma-separated")
    .option("--json", "machine-readable summary")
    .option("--csv", "the summary as CSV")
    .option("--queue", "enqueue one update job per distribution for `elscope worker` instead (PostgreSQL store)")
    .action(async (_o, cmd: Command) =>
      setExit(await (await import("./commands/update-command.js")).updateCommand(globals(cmd))),
    );

  program
    .command("release-lag")
    .description("initial release lag: days from the upstream's GA of each minor release to each rebuild's")
    .option("--upstream <distro>", "the reference distribution (default: the catalog's upstream, rhel)")
    .option("--rebuild <ids>", "rebuilds, comma-separated (default: every rebuild of the upstream)")
    .addOption(new Option("--distro <ids>", "older spelling of --rebuild").hideHelp())
    .option("--rhel-ga <convention>", "announcement (release tables) or errata (first GA errata)", "announcement")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (_o, cmd: Command) =>
      (await import("./commands/release-lag-command.js")).releaseLagCommand(globals(cmd)),
    );

  program
    .command("watch")
    .description(
      "evaluate watch rules (package lag of pending security builds, unreleased minors, stale mirrors, parity, failing sources); exit 10 when any fired anew",
    )
    .option("--rules <file>", "the rules (default: $XDG_CONFIG_HOME/elscope/watch.yaml)")
    .option("--json", "machine-readable output")
    .action(async (_o, cmd: Command) =>
      setExit(await (await import("./commands/watch-command.js")).watchCommand(globals(cmd))),
    );

  program
    .command("trend")
    .description(
      "a time series of a scorecard summary, each point measured as of then: package-lag, errata-lag, parity, package-counts, public-mirrors, mirror-freshness",
    )
    .argument("<metric>", "package-lag, errata-lag, parity, package-counts, public-mirrors or mirror-freshness")
    .option("--distro <ids>", "rebuilds (lag, parity) or distributions, comma-separated (default: every one)")
    .option("--upstream <distro>", "the reference distribution (default: the catalog's upstream, rhel)")
    .option("--release <version>", "parity: the release compared, e.g. 9")
    .option("--from <date>", "the first day (default: where the metric's history begins)")
    .option("--to <date>", "the last day or time (default: where it ends)")
    .option("--every <period>", "week or month", "month")
    .option("--json", "machine-readable output")
    .option("--csv", "CSV output")
    .action(async (metric: string, _o, cmd: Command) =>
      (await import("./commands/trend-command.js")).trendCommand(metric, globals(cmd)),
    );

  program.addOption(new Option("--debug", "print stack traces of internal errors").hideHelp());
  return program;
}

/**
 * Runs the CLI and returns the exit code. Known errors print one line naming
 * source, file and problem; nothing prints a stack trace unless ELSCOPE_DEBUG=1.
 *
 * @example
 * process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[]): Promise<number> {
  favourSmallHeap(50);
  let code: number = EXIT_CODES.ok;
  // The kinds list loads every source driver: only `import` (its help, its errors) shows it.
  const importKinds = argv.slice(2).includes("import")
    ? (await import("./import-kinds-help.js")).importKindsHelp()
    : "the source kind (listed by `elscope import --help`)";
  const program = build((c) => {
    code = c;
  }, importKinds);
  // No command at all is a usage error: the help, on stderr, and exit 2 (not a silent success).
  if (argv.length <= 2) {
    process.stderr.write(program.helpInformation());
    return EXIT_CODES.usage;
  }
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help")
        return EXIT_CODES.ok;
      return EXIT_CODES.usage;
    }
    if (e instanceof ElscopeError) {
      // `--json` always prints a JSON document, so `jq` reads the reason too; the exit code still says no data.
      if (e.kind === "no-data" && argv.includes("--json"))
        process.stdout.write(
          `${stableStringify({ error: { kind: e.kind, message: e.message }, rows: [], asOf: {}, sources: [] }, "")}\n`,
        );
      process.stderr.write(`elscope: ${escapeControl(e.message)}\n`);
      return EXIT_CODES[e.kind];
    }
    const err = e as Error;
    // An internal error's message may quote input too (a Node error names the path it failed on).
    process.stderr.write(`elscope: internal error: ${escapeControl(String(err?.message ?? e))}\n`);
    if (process.env["ELSCOPE_DEBUG"] === "1") process.stderr.write(`${err.stack ?? ""}\n`);
    else process.stderr.write("elscope: set ELSCOPE_DEBUG=1 to see where it happened, and please report it\n");
    return EXIT_CODES.internal;
  }
}
