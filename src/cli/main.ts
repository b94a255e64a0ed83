import { Command, CommanderError, Option } from "commander";
import { ElscopeError } from "../errors/elscope-error.js";
import { catalogCommand } from "./commands/catalog-command.js";
import { packagesCommand } from "./commands/packages-command.js";
import { reposCommand } from "./commands/repos-command.js";
import { syncCommand } from "./commands/sync-command.js";
import { EXIT_CODES } from "./exit-codes.js";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function build(setExit: (code: number) => void): Command {
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
    .action((_o, cmd: Command) => catalogCommand(globals(cmd)));

  program
    .command("sync")
    .description("fetch rpm-md repositories into the store (every catalog repository that matches the filters)")
    .option("--distro <ids>", "distribution ids, comma-separated")
    .option("--release <versions>", "releases such as 9 (the rolling tree) or 9.4, comma-separated")
    .option("--repo <names>", "repository names (BaseOS, AppStream, CRB, ...), comma-separated")
    .option("--arch <arches>", "architectures (x86_64, aarch64, src, ...), comma-separated")
    .option("--url <url>", "sync one repository from this base URL or local path instead of the catalog")
    .option("--as <key>", "with --url: store it as distro:release/repo/arch")
    .option("--json", "print a machine-readable summary")
    .option("--concurrency <n>", "repositories synced at once", "2")
    .option("--timeout <seconds>", "give up on a silent server after this long", "30")
    .option("--retries <n>", "retries on 429, 5xx, timeouts and dropped connections", "3")
    .option("--cert <file>", "TLS client certificate (Red Hat CDN entitlement)")
    .option("--key <file>", "TLS client key")
    .option("--cacert <file>", "CA bundle for the server")
    .action(async (_o, cmd: Command) => setExit(await syncCommand(globals(cmd))));

  program
    .command("packages")
    .description("list the packages of a repository's newest snapshot")
    .argument("<repository>", "distro:release/repo/arch, e.g. almalinux:9/BaseOS/x86_64")
    .option("--name <name>", "only this package name")
    .option("--json", "machine-readable output")
    .action((key: string, _o, cmd: Command) => packagesCommand(key, globals(cmd)));

  program
    .command("repos")
    .description("list the repositories in the store with their newest snapshots")
    .option("--json", "machine-readable output")
    .action((_o, cmd: Command) => reposCommand(globals(cmd)));

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
  let code: number = EXIT_CODES.ok;
  const program = build((c) => {
    code = c;
  });
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
      process.stderr.write(`elscope: ${e.message}\n`);
      return EXIT_CODES[e.kind];
    }
    const err = e as Error;
    process.stderr.write(`elscope: internal error: ${err.message ?? String(e)}\n`);
    if (process.env["ELSCOPE_DEBUG"] === "1") process.stderr.write(`${err.stack ?? ""}\n`);
    else process.stderr.write("elscope: set ELSCOPE_DEBUG=1 to see where it happened, and please report it\n");
    return EXIT_CODES.internal;
  }
}
