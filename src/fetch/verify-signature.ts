import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ConfigError } from "../errors/config-error.js";
import { SourceError } from "../errors/source-error.js";

const run = promisify(execFile);

/**
 * Checks a detached OpenPGP signature (repomd.xml.asc) with GnuPG's `gpgv`
 * against exactly one trusted key, never the user's keyring.
 * See https://www.gnupg.org/documentation/manuals/gnupg/gpgv.html
 *
 * @example
 * await verifySignature("repomd.xml", "repomd.xml.asc", "RPM-GPG-KEY-AlmaLinux-9", { sourceId: "almalinux:9/BaseOS/x86_64" });
 */
export async function verifySignature(
  dataPath: string,
  signaturePath: string,
  keyPath: string,
  ctx: { sourceId: string },
): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), "elscope-gpg-"));
  try {
    const key = await readFile(keyPath);
    const keyring = join(home, "trusted.gpg");
    if (key.includes("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
      await writeFile(join(home, "key.asc"), key);
      await run("gpg", [
        "--homedir",
        home,
        "--batch",
        "--quiet",
        "--yes",
        "--dearmor",
        "-o",
        keyring,
        join(home, "key.asc"),
      ]);
    } else {
      await writeFile(keyring, key);
    }
    try {
      await run("gpgv", ["--homedir", home, "--keyring", keyring, signaturePath, dataPath]);
    } catch (e) {
      const detail =
        String((e as { stderr?: string }).stderr ?? "")
          .trim()
          .split("\n")
          .pop() ?? "";
      throw new SourceError(
        ctx.sourceId,
        `repomd.xml signature does not verify against the catalog's key${detail ? `: ${detail}` : ""}`,
        {
          file: "repodata/repomd.xml.asc",
        },
      );
    }
  } catch (e) {
    if (e instanceof SourceError) throw e;
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ConfigError(ctx.sourceId, "gpg and gpgv are needed to check signatures; run the README's set-up");
    }
    throw new ConfigError(ctx.sourceId, `cannot use the signing key ${keyPath}: ${(e as Error).message}`);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
