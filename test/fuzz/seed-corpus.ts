import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** One real upstream file, the starting point for mutations. */
export interface Seed {
  readonly file: string;
  readonly bytes: Uint8Array;
}

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/", import.meta.url));

/**
 * The seed corpus of a source kind: the real, trimmed upstream files of test/fixtures/<kind>/,
 * read in place (the corpus is the conformance suite's, so a new fixture fuzzes too).
 *
 * @example
 * seedCorpus("osv").map((s) => s.file) // ["test/fixtures/osv/alba-bugfix-2019-trimmed.json", ...]
 */
export function seedCorpus(kind: string): readonly Seed[] {
  return readdirSync(FIXTURES + kind)
    .sort()
    .map((name) => ({ file: `test/fixtures/${kind}/${name}`, bytes: readFileSync(`${FIXTURES}${kind}/${name}`) }));
}
