import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { makeSigner } from "./helpers/gpg-signer.js";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";
import { makeTestPki } from "./helpers/tls-certs.js";

interface Summary {
  repositories: { key: string; status: string; url: string | null; packages: number | null; error: string | null }[];
  updated: number;
  failed: number;
}

let dir: { path: string; remove: () => Promise<void> };
let http: StaticServer;
const www = () => join(dir.path, "www");

async function repoAt(rel: string): Promise<string> {
  const repo = join(www(), rel);
  await mkdir(repo, { recursive: true });
  await buildRpms(
    [{ name: "almalinux-release", version: "9.4", release: "1.el9", arch: "x86_64" }],
    join(repo, "Packages"),
  );
  await createrepo(repo);
  return repo;
}

/** The shipped catalog file for `id`, with its mirrors pointed at local servers. */
async function catalogWith(id: string, edit: (yaml: string) => string): Promise<string> {
  const cat = join(dir.path, `catalog-${id}-${Math.random().toString(36).slice(2)}`);
  await mkdir(cat);
  const text = await readFile(new URL(`../../catalog/${id}.yaml`, import.meta.url), "utf8");
  await writeFile(join(cat, `${id}.yaml`), edit(text));
  return cat;
}

before(async () => {
  dir = await tempDir();
  http = await startStaticServer(www());
});
after(async () => {
  await http.close();
  await dir.remove();
});

test("sync by catalog filters fetches from the catalog's mirror, and old minors from the vault", async () => {
  await repoAt("almalinux/9/BaseOS/x86_64/os");
  await repoAt("vault/9.4/BaseOS/x86_64/os");
  const cat = await catalogWith("almalinux", (t) =>
    t
      .replace("https://repo.almalinux.org/almalinux", `${http.url}/almalinux`)
      .replace("https://vault.almalinux.org", `${http.url}/vault`),
  );
  const db = join(dir.path, "cat.db");
  const s = await runCliJson<Summary>(
    [
      "--db",
      db,
      "sync",
      "--distro",
      "almalinux",
      "--release",
      "9,9.4",
      "--repo",
      "baseos",
      "--arch",
      "x86_64",
      "--json",
    ],
    { ELSCOPE_CATALOG: cat },
  );
  assert.deepEqual(
    s.repositories.map((r) => [r.key, r.status, r.url]),
    [
      ["almalinux:9.4/BaseOS/x86_64", "updated", `${http.url}/vault/9.4/BaseOS/x86_64/os/`],
      ["almalinux:9/BaseOS/x86_64", "updated", `${http.url}/almalinux/9/BaseOS/x86_64/os/`],
    ],
  );
  const pk = await runCliJson<{ rows: { name: string; repository: string }[] }>([
    "--db",
    db,
    "packages",
    "almalinux:9/BaseOS/x86_64",
    "--json",
  ]);
  // A major is the rolling tree and every minor of it: each row names its repository.
  assert.deepEqual(
    pk.rows.map((p) => [p.repository, p.name]),
    [
      ["almalinux:9.4/BaseOS/x86_64", "almalinux-release"],
      ["almalinux:9/BaseOS/x86_64", "almalinux-release"],
    ],
  );
});

test("a dead first mirror fails over to the next one", async () => {
  await repoAt("rocky/9/BaseOS/aarch64/os");
  const cat = await catalogWith("rocky", (t) =>
    t.replace("  - https://dl.rockylinux.org/pub/rocky\n", `  - http://127.0.0.1:9/pub/rocky\n  - ${http.url}/rocky\n`),
  );
  const s = await runCliJson<Summary>(
    [
      "--db",
      join(dir.path, "fo.db"),
      "sync",
      "--distro",
      "rocky",
      "--release",
      "9",
      "--repo",
      "BaseOS",
      "--arch",
      "aarch64",
      "--json",
      "--retries",
      "0",
    ],
    { ELSCOPE_CATALOG: cat },
  );
  assert.equal(s.repositories[0]?.status, "updated");
  assert.equal(s.repositories[0]?.url, `${http.url}/rocky/9/BaseOS/aarch64/os/`);
});

test("filters that match nothing, and unknown distributions, are usage errors (2), as in every command", async () => {
  const r1 = await runCli(["--db", join(dir.path, "x.db"), "sync", "--distro", "nosuch"]);
  assert.equal(r1.code, 2);
  assert.match(r1.stderr, /no distribution "nosuch"; known: almalinux, centos-stream, oracle, rhel, rocky/);
  const r2 = await runCli(["--db", join(dir.path, "x.db"), "sync", "--distro", "rocky", "--release", "7"]);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /no repository in the catalog matches/);
});

test("a repository behind a TLS client certificate (the Red Hat CDN's way)", async () => {
  const pki = makeTestPki(dir.path);
  const root = join(dir.path, "cdn");
  await mkdir(join(root, "content/dist/rhel9/9/x86_64/baseos/os"), { recursive: true });
  await buildRpms(
    [{ name: "redhat-release", version: "9.4", release: "0.5.el9", arch: "x86_64" }],
    join(root, "content/dist/rhel9/9/x86_64/baseos/os/Packages"),
  );
  await createrepo(join(root, "content/dist/rhel9/9/x86_64/baseos/os"));
  const https = await startStaticServer(root, {
    cert: pki.read(pki.serverCert),
    key: pki.read(pki.serverKey),
    ca: pki.read(pki.ca),
    requestCert: true,
  });
  try {
    const cat = await catalogWith("rhel", (t) =>
      t.replace("https://cdn.redhat.com/content/dist", `${https.url}/content/dist`),
    );
    const args = [
      "--db",
      join(dir.path, "rhel.db"),
      "sync",
      "--distro",
      "rhel",
      "--release",
      "9",
      "--repo",
      "BaseOS",
      "--arch",
      "x86_64",
      "--json",
    ];
    const missing = await runCli(args, { ELSCOPE_CATALOG: cat });
    assert.equal(missing.code, 3);
    assert.match(missing.stdout, /needs an entitlement certificate: set ELSCOPE_RHEL_CERT and ELSCOPE_RHEL_KEY/);

    const rogueDir = join(dir.path, "rogue");
    await mkdir(rogueDir);
    const rogue = makeTestPki(rogueDir);
    const refused = await runCli([...args, "--retries", "0"], {
      ELSCOPE_CATALOG: cat,
      ELSCOPE_RHEL_CERT: rogue.clientCert,
      ELSCOPE_RHEL_KEY: rogue.clientKey,
      ELSCOPE_RHEL_CA: pki.ca,
    });
    assert.equal(refused.code, 4, "a certificate the server does not accept fails");

    const ok = await runCliJson<Summary>(args, {
      ELSCOPE_CATALOG: cat,
      ELSCOPE_RHEL_CERT: pki.clientCert,
      ELSCOPE_RHEL_KEY: pki.clientKey,
      ELSCOPE_RHEL_CA: pki.ca,
    });
    assert.equal(ok.repositories[0]?.status, "updated");
    assert.equal(ok.repositories[0]?.packages, 1);
  } finally {
    await https.close();
  }
});

test("RHEL's UBI repositories are public: they sync with no entitlement certificate", async () => {
  const root = join(dir.path, "ubi");
  const os = join(root, "ubi9/9/x86_64/baseos/os");
  await mkdir(os, { recursive: true });
  await buildRpms(
    [{ name: "redhat-release", version: "9.4", release: "0.5.el9", arch: "x86_64" }],
    join(os, "Packages"),
  );
  await createrepo(os);
  const server = await startStaticServer(root);
  try {
    const cat = await catalogWith("rhel", (t) =>
      t.replaceAll("https://cdn-ubi.redhat.com/content/public/ubi/dist", server.url),
    );
    const args = ["--db", join(dir.path, "ubi.db"), "sync", "--distro", "rhel", "--release", "9"];
    const ok = await runCliJson<Summary>([...args, "--repo", "UBI-BaseOS", "--arch", "x86_64", "--json"], {
      ELSCOPE_CATALOG: cat,
      ELSCOPE_RHEL_CERT: "",
      ELSCOPE_RHEL_KEY: "",
    });
    assert.deepEqual([ok.repositories[0]?.status, ok.repositories[0]?.packages], ["updated", 1]);
    // The entitled BaseOS beside it still says what it needs.
    const entitled = await runCli([...args, "--repo", "BaseOS", "--arch", "x86_64", "--json"], {
      ELSCOPE_CATALOG: cat,
      ELSCOPE_RHEL_CERT: "",
      ELSCOPE_RHEL_KEY: "",
    });
    assert.equal(entitled.code, 3);
  } finally {
    await server.close();
  }
});

test("repomd.xml signatures are checked against the catalog's key", async () => {
  const repo = await repoAt("signed/9/BaseOS/x86_64/os");
  const good = makeSigner(dir.path, "good");
  const evil = makeSigner(dir.path, "evil");
  const cat = await catalogWith("almalinux", (t) =>
    t
      .replace("https://repo.almalinux.org/almalinux", `${http.url}/signed`)
      .replace("verifySignatures: false", "verifySignatures: true")
      .replace("gpgKey: https://repo.almalinux.org/almalinux/RPM-GPG-KEY-AlmaLinux-9", `gpgKey: ${good.publicKey}`),
  );
  const args = (db: string) => [
    "--db",
    join(dir.path, db),
    "sync",
    "--distro",
    "almalinux",
    "--release",
    "9",
    "--repo",
    "BaseOS",
    "--arch",
    "x86_64",
    "--json",
  ];
  const unsigned = await runCli(args("s0.db"), { ELSCOPE_CATALOG: cat });
  assert.equal(unsigned.code, 4);
  assert.match(unsigned.stdout, /repodata\/repomd\.xml\.asc: HTTP 404/);

  evil.sign(join(repo, "repodata", "repomd.xml"));
  const forged = await runCli(args("s1.db"), { ELSCOPE_CATALOG: cat });
  assert.equal(forged.code, 4);
  assert.match(forged.stdout, /signature does not verify against the catalog's key/);
  const empty = await runCli(["--db", join(dir.path, "s1.db"), "repos", "--json"]);
  assert.deepEqual(
    (JSON.parse(empty.stdout) as { rows: unknown[] }).rows,
    [],
    "nothing stored from a forged repository",
  );

  good.sign(join(repo, "repodata", "repomd.xml"));
  const signed = await runCliJson<Summary>(args("s2.db"), { ELSCOPE_CATALOG: cat });
  assert.equal(signed.repositories[0]?.status, "updated");
});
