// The fold of source rows into source builds: one build per name-version-release of a
// distribution, with every release and repository that carries it and its earliest times,
// sorted by name and EVR as compareBuilds orders them.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  SourceBuildCollector,
  StringPool,
  collectSourceBuilds,
  compareBuilds,
  type SourceBuild,
} from "../src/analyze/source-build.js";
import type { SourceRow } from "../src/model/source-row.js";

const row = (over: Partial<SourceRow> & { sourcerpm: string | null }): SourceRow => ({
  distroRelease: "9.4",
  repo: "BaseOS",
  epoch: 0,
  fileTime: 1_700_000_000,
  firstSeen: "2024-06-01T00:00:00.000Z",
  ...over,
});

test("rows of one build in several releases and repositories fold into one build with the earliest times", () => {
  const builds = collectSourceBuilds([
    row({ sourcerpm: "bash-5.1.8-9.el9.src.rpm", distroRelease: "9.5", repo: "BaseOS", fileTime: 1_700_000_500 }),
    row({ sourcerpm: "bash-5.1.8-9.el9.src.rpm", distroRelease: "9", repo: "AppStream", fileTime: null }),
    row({ sourcerpm: "bash-5.1.8-9.el9.src.rpm", distroRelease: "9.4", repo: "BaseOS", fileTime: 1_700_000_100 }),
    row({ sourcerpm: "bash-5.1.8-9.el9.src.rpm", firstSeen: "2024-05-01T00:00:00.000Z", epoch: 1 }),
  ]);
  assert.deepEqual(builds, [
    {
      name: "bash",
      version: "5.1.8",
      release: "9.el9",
      epoch: 1,
      releases: ["9", "9.4", "9.5"],
      repos: ["AppStream", "BaseOS"],
      fileTime: 1_700_000_000,
      firstSeen: "2024-05-01T00:00:00.000Z",
    },
  ]);
});

test("names with dashes split at the last two, and rows naming no valid source RPM are counted but not built", () => {
  const c = new SourceBuildCollector();
  for (const r of [
    row({ sourcerpm: "perl-Data-Dumper-2.183-1.el9.src.rpm" }),
    row({ sourcerpm: "perl-Data-Dumper-2.183-10.el9.src.rpm" }),
    row({ sourcerpm: "perl-Data-2.183-1.el9.src.rpm" }),
    row({ sourcerpm: null }),
    row({ sourcerpm: "not-a-source.rpm" }),
    row({ sourcerpm: "nodash.src.rpm" }),
  ])
    c.add(r);
  assert.equal(c.rows, 6);
  assert.deepEqual(
    c.builds().map((b) => [b.name, b.version, b.release]),
    [
      ["perl-Data", "2.183", "1.el9"],
      ["perl-Data-Dumper", "2.183", "1.el9"],
      ["perl-Data-Dumper", "2.183", "10.el9"],
    ],
  );
});

test("builds come sorted by name and then EVR, as compareBuilds sorts them, whatever the order read", () => {
  const files = [
    "zlib-1.2.11-40.el9.src.rpm",
    "kernel-5.14.0-427.13.1.el9_4.src.rpm",
    "kernel-5.14.0-70.el9.src.rpm",
    "kernel-5.14.0-427.2.1.el9_4.src.rpm",
    "kernel-rt-5.14.0-70.el9.src.rpm",
    "kernel-5.14.0-427.el9.src.rpm",
    "Kernel-1-1.src.rpm",
    "bash-5.1.8-9.el9.src.rpm",
  ];
  const builds = collectSourceBuilds(files.map((sourcerpm) => row({ sourcerpm })));
  const expected = [...builds].sort(compareBuilds);
  assert.deepEqual(
    builds.map((b) => `${b.name}-${b.version}-${b.release}`),
    expected.map((b) => `${b.name}-${b.version}-${b.release}`),
  );
  assert.deepEqual(
    builds.filter((b) => b.name === "kernel").map((b) => b.release),
    ["70.el9", "427.el9", "427.2.1.el9_4", "427.13.1.el9_4"],
  );
});

test("builds in the same releases share one list, also with a pool that is full", () => {
  const c = new SourceBuildCollector(new StringPool(1));
  for (const rel of ["9.5", "9.4"])
    for (const n of ["a", "b"]) c.add(row({ sourcerpm: `${n}-1.0-1.el9.src.rpm`, distroRelease: rel }));
  const [a, b] = c.builds() as [SourceBuild, SourceBuild];
  assert.deepEqual(a.releases, ["9.4", "9.5"]);
  assert.equal(a.releases, b.releases);
});
