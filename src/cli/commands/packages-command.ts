import { parseRepoKey } from "../../catalog/repo-key.js";
import { SourceError } from "../../errors/source-error.js";
import { type GlobalOptions, printJson, withStore } from "../cli-context.js";
import { renderTable } from "../../format/render-table.js";

/** `elscope packages KEY`: what the newest snapshot of a repository holds. */
export async function packagesCommand(
  keyText: string,
  opts: GlobalOptions & { name?: string; json?: boolean },
): Promise<void> {
  const key = parseRepoKey(keyText);
  await withStore(opts, async (store) => {
    const rows = await store.listPackages(key, opts.name === undefined ? {} : { name: opts.name });
    if (rows === null) throw new SourceError(keyText, "not in the store; run `elscope sync` for it first");
    if (opts.json === true) {
      printJson(rows);
      return;
    }
    process.stdout.write(
      renderTable(rows, [
        { header: "name", value: (r) => r.name },
        { header: "epoch", value: (r) => r.epoch, align: "right" },
        { header: "version", value: (r) => r.version },
        { header: "release", value: (r) => r.release },
        { header: "arch", value: (r) => r.arch },
        { header: "file time", value: (r) => r.fileTime },
        { header: "first seen", value: (r) => r.firstSeen },
      ]),
    );
    process.stderr.write(`${rows.length} packages\n`);
  });
}
