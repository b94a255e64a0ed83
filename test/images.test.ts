import assert from "node:assert/strict";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const SHARED_AMIS = fileURLToPath(new URL("../../../shared/data/almalinux-wiki/aws_amis_9.csv", import.meta.url));

interface Row {
  distro: string;
  channel: string;
  type: string;
  images: number;
  official: number | null;
  thirdParty: number | null;
  unknownPublisher: number;
  releases: string[];
  arches: string[];
}
interface Point {
  metric: string;
  subject: string;
  date: string;
  value: number;
  sourceKind: string;
}

let dir: { path: string; remove: () => Promise<void> };
let http: StaticServer;
let catalog: string;

before(async () => {
  dir = await tempDir();
  const www = join(dir.path, "www");
  // A mirror in AlmaLinux's layout: the cloud folder as nginx lists it, with a subfolder.
  const images = join(www, "almalinux", "9", "cloud", "x86_64", "images");
  await mkdir(join(images, "old"), { recursive: true });
  await copyFile(join(FIXTURES, "http-index", "nginx-almalinux-cloud-images.html"), join(images, "index.html"));
  await writeFile(
    join(images, "old", "index.html"),
    (await readFile(join(FIXTURES, "http-index", "nginx-almalinux-cloud-images.html"), "utf8"))
      .replace(/9\.5-20241120/g, "9.4-20240507")
      .replace(/20-Nov-2024/g, "07-May-2024")
      .replace('<a href="old/">old/</a>', ""),
  );
  const isos = join(www, "almalinux", "9", "isos", "x86_64");
  await mkdir(isos, { recursive: true });
  await copyFile(join(FIXTURES, "http-index", "apache-fancy-rocky-isos.html"), join(isos, "index.html"));
  http = await startStaticServer(www);
  catalog = join(dir.path, "catalog");
  await mkdir(catalog);
  const yaml = await readFile(new URL("../../catalog/almalinux.yaml", import.meta.url), "utf8");
  await writeFile(
    join(catalog, "almalinux.yaml"),
    yaml.replace("https://repo.almalinux.org/almalinux", `${http.url}/almalinux`),
  );
});
after(async () => {
  await http.close();
  await dir.remove();
});

test("crawling a mirror's nginx and Apache listings classifies its images; unreadable folders are reported", async () => {
  const db = join(dir.path, "crawl.db");
  const env = { ELSCOPE_CATALOG: catalog };
  const r = await runCli(["--db", db, "images", "crawl", "--distro", "almalinux", "--release", "9", "--json"], env);
  assert.equal(r.code, 0, r.stderr);
  const crawl = JSON.parse(r.stdout) as {
    images: number;
    folders: { url: string; images: number; error: string | null }[];
  };
  // AlmaLinux 9 has more architectures than this mirror has folders: those are 404s, reported, not fatal.
  assert.match(r.stderr, /almalinux\/9\/cloud\/aarch64\/images\/: HTTP 404/);
  const read = crawl.folders.filter((f) => f.error === null).map((f) => [f.url.replace(http.url, ""), f.images]);
  assert.deepEqual(read, [
    ["/almalinux/9/cloud/x86_64/images/", 4],
    ["/almalinux/9/cloud/x86_64/images/old/", 4],
    ["/almalinux/9/isos/x86_64/", 3],
  ]);
  const { rows } = await runCliJson<{ rows: Row[] }>(["--db", db, "images", "--json"], env);
  assert.deepEqual(
    rows.map((x) => [x.type, x.images, x.releases.join(" "), x.arches.join(" "), x.official]),
    [
      ["Azure", 2, "9.4 9.5", "x86_64", 2],
      ["GenericCloud", 2, "9.4 9.5", "x86_64", 2],
      ["GenericCloud-UEFI", 2, "9.4 9.5", "x86_64", 2],
      ["ISO-boot", 1, "9.5", "x86_64", 1],
      ["ISO-dvd", 1, "9.5", "x86_64", 1],
      ["ISO-minimal", 1, "9.5", "x86_64", 1],
      ["OpenNebula", 2, "9.4 9.5", "x86_64", 2],
    ],
  );
  const all = await runCliJson<{ rows: { name: string; size: number | null; published: string | null }[] }>(
    ["--db", db, "images", "--all", "--json"],
    env,
  );
  const dvd = all.rows.find((i) => i.name === "Rocky-9.5-x86_64-dvd.iso");
  assert.deepEqual([dvd?.size, dvd?.published], [10 * 1024 ** 3, "2024-11-16T02:17:00.000Z"]);
  assert.ok(
    !all.rows.some((i) => /latest|CHECKSUM|elsewhere/.test(i.name)),
    "links, checksums and off-site files are no images",
  );

  const none = await runCli(
    ["--db", db, "images", "crawl", "--distro", "almalinux", "--url", "http://127.0.0.1:9/x"],
    env,
  );
  assert.equal(none.code, 4);
  assert.match(none.stderr, /no image folder could be read/);
});

test("marketplaces, Vagrant and registries: official by the catalog's publishers, third-party otherwise; counts become series", async () => {
  const db = join(dir.path, "market.db");
  const imp = (kind: string, file: string, ...extra: string[]) =>
    runCliJson<{ images: number; counts: number; warnings: number }>([
      "--db",
      db,
      "import",
      kind,
      join(FIXTURES, kind, file),
      "--distro",
      "almalinux",
      "--json",
      ...extra,
    ]);
  assert.deepEqual(await imp("aws-describe-images", "documented-format-almalinux-amis.json", "--region", "us-east-1"), {
    distro: "almalinux",
    images: 3,
    counts: 0,
    warnings: 1,
    kind: "aws-describe-images",
    source: join(FIXTURES, "aws-describe-images", "documented-format-almalinux-amis.json"),
  });
  await imp("azure-vm-image-list", "documented-format-almalinux-offers.json");
  await imp("vagrant-cloud-box", "documented-format-almalinux-9.json");
  await imp("docker-hub-tags", "documented-format-almalinux-tags.json", "--subject", "docker.io/library/almalinux");
  await imp("quay-repository", "documented-format-almalinuxorg-almalinux.json");
  await imp("popularity-csv", "distrowatch-style-ranking.csv");
  const { rows } = await runCliJson<{ rows: Row[] }>(["--db", db, "images", "--json"]);
  const by = (channel: string, type = "all") => rows.find((x) => x.channel === channel && x.type === type);
  // AWS: two AMIs of AlmaLinux's own account, one marketplace reseller's.
  assert.deepEqual([by("aws")?.official, by("aws")?.thirdParty, by("aws")?.arches], [2, 1, ["aarch64", "x86_64"]]);
  assert.deepEqual([by("azure")?.official, by("azure")?.thirdParty], [2, 1]);
  assert.deepEqual(
    [by("vagrant", "Vagrant-libvirt")?.images, by("vagrant", "Vagrant-libvirt")?.releases],
    [2, ["9.4", "9.5"]],
  );
  assert.deepEqual(by("container", "Container-Base")?.arches, ["aarch64", "ppc64le", "s390x", "x86_64"]);
  assert.equal(by("container", "Container-Base")?.official, 6);

  const { rows: points } = await runCliJson<{ rows: Point[] }>(["--db", db, "popularity", "--json"]);
  assert.deepEqual(
    points.filter((p) => p.metric !== "vagrant-downloads").map((p) => [p.metric, p.date, p.value]),
    [
      ["container-pulls-daily", "2024-11-18", 40211],
      ["container-pulls-daily", "2024-11-19", 41987],
      ["distrowatch-rank-12-months", "2024-01-01", 21],
      ["distrowatch-rank-12-months", "2025-01-01", 19],
    ],
  );
  assert.equal(points.find((p) => p.metric === "vagrant-downloads")?.value, 1843210);

  // Bad inputs: clear messages, nothing stored, the rest kept.
  const notJson = await runCli([
    "--db",
    db,
    "import",
    "vagrant-cloud-box",
    join(FIXTURES, "popularity-csv", "distrowatch-style-ranking.csv"),
    "--distro",
    "almalinux",
  ]);
  assert.equal(notJson.code, 5);
  assert.match(
    notJson.stderr,
    /^elscope: almalinux:vagrant-cloud-box: .*distrowatch-style-ranking\.csv: not valid JSON/m,
  );
  const wrongKind = await runCli([
    "--db",
    db,
    "import",
    "aws-describe-images",
    join(FIXTURES, "azure-vm-image-list", "documented-format-almalinux-offers.json"),
    "--distro",
    "almalinux",
  ]);
  assert.equal(wrongKind.code, 5);
  assert.match(wrongKind.stderr, /no "Images" list: not the output of aws ec2 describe-images/);
  const noDistro = await runCli(["--db", db, "import", "vagrant-cloud-box", "x.json"]);
  assert.equal(noDistro.code, 2);
  const again = await runCliJson<{ rows: Row[] }>(["--db", db, "images", "--json"]);
  assert.deepEqual(again.rows, rows);
});

test("the real AlmaLinux AMI list: every row an official AMI", async (t) => {
  let csv: string;
  try {
    csv = await readFile(SHARED_AMIS, "utf8");
  } catch {
    t.skip("shared data not present");
    return;
  }
  const db = join(dir.path, "amis.db");
  const r = await runCliJson<{ images: number; warnings: number }>([
    "--db",
    db,
    "import",
    "almalinux-ami-csv",
    SHARED_AMIS,
    "--distro",
    "almalinux",
    "--json",
  ]);
  assert.deepEqual([r.images, r.warnings], [csv.trim().split("\n").length, 0]);
  const { rows } = await runCliJson<{ rows: Row[] }>(["--db", db, "images", "--json"]);
  assert.equal(rows[0]?.official, r.images);
});

test("countme check-ins become weekly series per OS", async () => {
  const db = join(dir.path, "countme.db");
  const file = join(FIXTURES, "countme-totals", "documented-format-el-weekly.csv");
  await runCliJson(["--db", db, "import", "countme-totals", file, "--distro", "almalinux", "--json"]);
  const { rows: points } = await runCliJson<{ rows: Point[] }>([
    "--db",
    db,
    "popularity",
    "--metric",
    "countme-hits",
    "--json",
  ]);
  // The fixture's AlmaLinux 9 rows of the first week: 1520 (x86_64) + 310 (aarch64).
  assert.deepEqual(
    points.filter((p) => p.subject === "AlmaLinux 9").map((p) => [p.date, p.value]),
    [
      ["2024-11-04", 1830],
      ["2024-11-11", 1611],
    ],
  );
});
