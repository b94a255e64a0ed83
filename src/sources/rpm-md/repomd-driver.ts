import { readAll } from "../read-all.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { parseRepomd, type RepomdFile } from "./parse-repomd.js";

async function* parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncGenerator<readonly RepomdFile[]> {
  // Sync bounds repomd.xml's size when it fetches it; the parser itself sets no limit.
  yield parseRepomd(await readAll(chunks, Number.POSITIVE_INFINITY), ctx).files;
}

/** rpm-md repomd.xml: the index of a repository's metadata files. */
export const repomdDriver: SourceDriver<RepomdFile> = {
  kind: "rpm-md-repomd",
  family: "rpm-md",
  description: "rpm-md repomd.xml (index of metadata files)",
  parse,
};
