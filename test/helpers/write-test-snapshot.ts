import { Readable } from "node:stream";
import { parseRepoKey } from "../../src/catalog/repo-key.js";
import type { PackageRecord } from "../../src/model/package-record.js";
import type { SnapshotCounts } from "../../src/model/snapshot-input.js";
import type { Store } from "../../src/store/store.js";

/**
 * Writes a snapshot of `key` fetched at `at` holding `batches` (as the parser sends them), the
 * way a sync does, without a repository to fetch.
 *
 * @example
 * await writeTestSnapshot(store, "rocky:9.4/BaseOS/x86_64", "2024-06-01T00:00:00.000Z", [[pkg("bash", "5.1")]]);
 */
export async function writeTestSnapshot(
  store: Store,
  key: string,
  at: string,
  batches: readonly (readonly PackageRecord[])[],
): Promise<SnapshotCounts> {
  return store.writeSnapshot(
    {
      key: parseRepoKey(key),
      sourceUrl: `http://127.0.0.1:9/${key}`,
      revision: null,
      repomdChecksum: `${key} ${at}`,
      etag: null,
      lastModified: null,
      now: new Date(at),
      files: [],
    },
    Readable.from(batches) as AsyncIterable<readonly PackageRecord[]>,
  );
}
