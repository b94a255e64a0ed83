import type { ParseContext, SourceDriver } from "../source-driver.js";
import { parseRepomd, type RepomdFile } from "./parse-repomd.js";

async function* parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncGenerator<readonly RepomdFile[]> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  yield parseRepomd(Buffer.concat(parts), ctx).files;
}

/** rpm-md repomd.xml: the index of a repository's metadata files. */
export const repomdDriver: SourceDriver<RepomdFile> = {
  kind: "rpm-md-repomd",
  description: "rpm-md repomd.xml (index of metadata files)",
  parse,
};
