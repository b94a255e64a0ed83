import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { StoredReleaseDate } from "../src/model/stored-release-date.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import { commitAll } from "./helpers/commit-all.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const PAGE = fileURLToPath(new URL("../../test/fixtures/endoflife-product/rhel-front-matter.md", import.meta.url));
// The endoflife.date repository's history of the RHEL and rebuild pages, when the shared data is
// beside the project; the history built below covers the same code on a bare clone.
const SHARED = fileURLToPath(new URL("../../../shared/data/", import.meta.url));
const BUNDLE = join(SHARED, "endoflife-products-history.bundle");

interface Imported {
  readonly distro: string;
  readonly kind: string;
  readonly dates: number;
  readonly warnings: readonly string[];
}

let dir: { path: string; remove: () => Promise<void> };
let repo: string;
/** The abbreviated commit ids of the history below, by what each commit did. */
const sha: Record<"first" | "broken" | "nextMinor" | "corrected", string> = {
  first: "",
  broken: "",
  nextMinor: "",
  corrected: "",
};

// The real page as it stood in mid-2024 (products/rhel.md @b90794c7): no 10 yet, 9.4 the latest
// 9, and 9's release date as the page then gave it (a later commit corrected it to 2022-05-18).
const page = readFileSync(PAGE, "utf8");
const mid2024 = page
  .replace(/ {2}- releaseCycle: "10"[\s\S]*?\n\n/, "")
  .replace('latest: "9.8"\n    latestReleaseDate: 2026-05-20', 'latest: "9.4"\n    latestReleaseDate: 2024-04-30')
  .replace("releaseDate: 2022-05-18", "releaseDate: 2022-05-17");
const late2024 = mid2024.replace(
  'latest: "9.4"\n    latestReleaseDate: 2024-04-30',
  'latest: "9.5"\n    latestReleaseDate: 2024-11-12',
);

before(async () => {
  dir = await tempDir();
  repo = join(dir.path, "endoflife.date");
  mkdirSync(join(repo, "products"), { recursive: true });
  execFileSync("git", ["init", "-q", "-b", "master"], { cwd: repo });
  const write = (text: string) => writeFileSync(join(repo, "products", "rhel.md"), text);
  write(mid2024);
  // A page no catalog distribution has: skipped, and said so.
  writeFileSync(join(repo, "products", "centos.md"), "---\ntitle: CentOS Linux\nreleases: []\n---\n");
  sha.first = commitAll(repo, "2024-07-06T10:00:00Z", "[rhel] 9.4 and 8.10");
  write(mid2024.replace("releases:", "releases: [")); // an unclosed flow sequence: invalid YAML
  sha.broken = commitAll(repo, "2024-09-01T10:00:00Z", "broken front matter");
  write(late2024);
  sha.nextMinor = commitAll(repo, "2024-12-07T10:00:00Z", "[rhel] 9.5");
  write(page);
  sha.corrected = commitAll(repo, "2026-05-28T10:00:00Z", "[rhel] 10, 9.8 and 10.2; 9's release date corrected");
  assert.ok(Object.values(sha).every((s) => s.length === 8));
});
after(() => dir.remove());

async function storedDates(db: string): Promise<readonly StoredReleaseDate[]> {
  const store = await openSqliteStore(db);
  try {
    return await store.releaseDates();
  } finally {
    await store.close();
  }
}

const label = "endoflife-date/endoflife.date @test (history of products/*.md)";
const from = (commit: string, day: string) => `endoflife-date/endoflife.date products/rhel.md @${commit} (${day})`;

test("a page's git history: every minor that was latest keeps its date and commit; a correction is the newer date, with a warning", async () => {
  const db = join(dir.path, "history.db");
  // The current page as one file, as before: its own kind, untouched by the history import.
  const file = await runCli(["--db", db, "import", "endoflife-product", PAGE, "--distro", "rhel"]);
  assert.equal(file.code, 0, file.stderr);
  const r = await runCliJson<Imported>(["--db", db, "import", "endoflife-product", repo, "--label", label, "--json"]);
  assert.equal(r.kind, "endoflife-product-history");
  assert.equal(r.distro, "almalinux,centos-stream,oracle,rhel,rocky", "every distribution with a page in the catalog");
  const rows = (await storedDates(db)).filter((d) => d.distro === "rhel");
  const fromHistory = rows.filter((d) => d.sourceKind === "endoflife-product-history");
  const history = new Map(fromHistory.filter((d) => d.stage === "ga").map((d) => [d.release, [d.date, d.source]]));
  assert.deepEqual(Object.fromEntries(history), {
    "8": ["2019-05-07", from(sha.first, "2024-07-06")],
    "8.10": ["2024-05-22", from(sha.first, "2024-07-06")],
    "9": ["2022-05-18", from(sha.corrected, "2026-05-28")],
    "9.4": ["2024-04-30", from(sha.first, "2024-07-06")],
    "9.5": ["2024-11-12", from(sha.nextMinor, "2024-12-07")],
    "9.8": ["2026-05-20", from(sha.corrected, "2026-05-28")],
    "10": ["2025-05-20", from(sha.corrected, "2026-05-28")],
    "10.2": ["2026-05-20", from(sha.corrected, "2026-05-28")],
  });
  // The support phases of each major come with the page too, each from the newest version stating it.
  assert.deepEqual(
    fromHistory.filter((d) => d.release === "9" && d.stage !== "ga").map((d) => [d.stage, d.date]),
    [
      ["active-support-end", "2027-05-31"],
      ["eol", "2032-05-31"],
      ["extended-support-end", "2036-05-31"],
    ],
  );
  assert.equal(r.dates, fromHistory.length);
  assert.deepEqual(
    rows.filter((d) => d.sourceKind === "endoflife-product" && d.stage === "ga").map((d) => d.release),
    ["10", "10.2", "8", "8.10", "9", "9.8"],
    "the plain page keeps its own rows: no 9.4 there",
  );
  assert.deepEqual(r.warnings.slice(0, 6), [
    "products/centos.md: no catalog distribution has this page; skipped",
    ...["almalinux", "centos-stream", "oracle", "rocky"].map(
      (d) => `${d}: no version of its page gave a date; its dates are kept`,
    ),
    `rhel 9: products/rhel.md said 2022-05-17 @${sha.first} (2024-07-06); corrected to 2022-05-18 @${sha.corrected} (2026-05-28), which is kept`,
  ]);
  assert.equal(r.warnings.length, 7, r.warnings.join("\n"));
  const broken = r.warnings.find((w) => w.startsWith(`products/rhel.md @${sha.broken} (2024-09-01): invalid YAML`));
  assert.ok(broken?.endsWith("this version is skipped"), r.warnings.join("\n"));

  // Imported again: the kind's rows are replaced, not added to.
  await runCliJson<Imported>(["--db", db, "import", "endoflife-product", repo, "--label", label, "--json"]);
  assert.equal((await storedDates(db)).filter((d) => d.sourceKind === "endoflife-product-history").length, r.dates);
});

test("--distro reads only that distribution's page; one without a page in the catalog is refused", async () => {
  const db = join(dir.path, "distro.db");
  const none = await runCliJson<Imported>([
    "--db",
    db,
    "import",
    "endoflife-product",
    repo,
    "--distro",
    "rocky",
    "--json",
  ]);
  assert.deepEqual([none.distro, none.dates], ["rocky", 0]);
  assert.ok(none.warnings.includes("rocky: no version of its page gave a date; its dates are kept"));
  const bad = await runCli(["--db", db, "import", "endoflife-product", repo, "--distro", "nosuch"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^elscope: .*no distribution "nosuch"/);
});

test("a location that is neither a git history nor a file fails with one line and a non-zero exit", async () => {
  const db = join(dir.path, "bad.db");
  const plain = join(dir.path, "not-a-repository");
  mkdirSync(plain);
  const folder = await runCli(["--db", db, "import", "endoflife-product", plain]);
  assert.equal(folder.code, 4, folder.stderr);
  assert.equal(folder.stderr.trim().split("\n").length, 1, folder.stderr);
  assert.match(folder.stderr, /not-a-repository: not a git repository, bundle or file/);
  const missing = await runCli([
    "--db",
    db,
    "import",
    "endoflife-product",
    join(dir.path, "nothing-here.md"),
    "--distro",
    "rhel",
  ]);
  assert.notEqual(missing.code, 0);
  assert.equal(missing.stderr.trim().split("\n").length, 1, missing.stderr);
  assert.match(missing.stderr, /nothing-here\.md/);
  assert.deepEqual(await storedDates(db), [], "nothing is stored");
});

test(
  "the real endoflife.date page history gives every RHEL minor's date, and release lag its RHEL GA",
  { skip: !existsSync(BUNDLE) },
  async () => {
    const db = join(dir.path, "real.db");
    // What scripts/build-bundle.sh imports for the rebuilds' own dates, then the history.
    for (const [kind, file, distro] of [
      ["almalinux-release-notes", "almalinux-wiki/release-notes-README.md", "almalinux"],
      ["rocky-version-table", "rocky-wiki/version.md", "rocky"],
    ] as const) {
      const own = await runCli(["--db", db, "import", kind, join(SHARED, file), "--distro", distro]);
      assert.equal(own.code, 0, own.stderr);
    }
    const r = await runCliJson<Imported>([
      "--db",
      db,
      "import",
      "endoflife-product",
      BUNDLE,
      "--label",
      label,
      "--json",
    ]);
    const stored = (await storedDates(db)).filter((d) => d.sourceKind === "endoflife-product-history");
    assert.deepEqual(
      [...new Set(stored.map((d) => d.distro))],
      ["almalinux", "centos-stream", "oracle", "rhel", "rocky"],
    );
    assert.equal(stored.length, r.dates);
    assert.ok(r.warnings.includes("products/centos.md: no catalog distribution has this page; skipped"));
    const rhel = new Map(
      (await storedDates(db))
        .filter((d) => d.distro === "rhel" && d.sourceKind === "endoflife-product-history")
        .map((d) => [d.release, d.date]),
    );
    const minors = ["8.10", "9.4", "9.5", "9.6", "9.7", "10.0", "10.1"];
    assert.deepEqual(
      minors.map((m) => rhel.get(m)),
      ["2024-05-22", "2024-04-30", "2024-11-12", "2025-05-20", "2025-11-12", "2025-05-20", "2025-11-12"],
    );
    const lag = await runCliJson<{ rows: { release: string; distro: string; upstreamDate: string | null }[] }>([
      "--db",
      db,
      "release-lag",
      "--rebuild",
      "almalinux,rocky",
      "--json",
    ]);
    for (const distro of ["almalinux", "rocky"])
      for (const m of ["9.4", "9.5", "9.6", "9.7"])
        assert.equal(
          lag.rows.find((x) => x.distro === distro && x.release === m)?.upstreamDate,
          rhel.get(m),
          `${distro} ${m}`,
        );
  },
);
