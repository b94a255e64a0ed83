import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The `<data type>` entry of a repository's repomd.xml: its location, as createrepo_c wrote it. */
export async function repomdLocation(repoDir: string, type: string): Promise<string> {
  const repomd = await readFile(join(repoDir, "repodata", "repomd.xml"), "utf8");
  const block = new RegExp(`<data type="${type}">([\\s\\S]*?)</data>`).exec(repomd)?.[1];
  const href = block === undefined ? undefined : /<location href="([^"]+)"/.exec(block)?.[1];
  if (href === undefined) throw new Error(`no ${type} in ${repoDir}`);
  return href;
}

/**
 * Replaces the bytes of one metadata file and makes repomd.xml agree with
 * them (checksum and size), so that only the content itself is bad.
 */
export async function replaceMetadata(repoDir: string, type: string, bytes: Uint8Array): Promise<void> {
  const href = await repomdLocation(repoDir, type);
  await writeFile(join(repoDir, href), bytes);
  const path = join(repoDir, "repodata", "repomd.xml");
  const repomd = await readFile(path, "utf8");
  const sum = createHash("sha256").update(bytes).digest("hex");
  const updated = repomd.replace(
    new RegExp(`(<data type="${type}">)([\\s\\S]*?)(</data>)`),
    (_m, open: string, body: string, close: string) => {
      const b = body
        .replace(/(<checksum type=")[^"]+(">)[^<]+(<\/checksum>)/, `$1sha256$2${sum}$3`)
        .replace(/(<size>)[0-9]+(<\/size>)/, `$1${bytes.length}$2`);
      return open + b + close;
    },
  );
  await writeFile(path, updated);
}

/** Edits repomd.xml text directly. */
export async function editRepomd(repoDir: string, edit: (text: string) => string): Promise<void> {
  const path = join(repoDir, "repodata", "repomd.xml");
  await writeFile(path, edit(await readFile(path, "utf8")));
}

/**
 * Re-encodes one metadata file with another compression (the system's zstd,
 * xz, bzip2, gzip, or none), renames it accordingly and updates repomd.xml,
 * since Debian's createrepo_c cannot write zstd or plain files itself.
 */
export async function recompressMetadata(repoDir: string, type: string, to: "zstd" | "none"): Promise<string> {
  const { execFileSync } = await import("node:child_process");
  const { rm } = await import("node:fs/promises");
  const href = await repomdLocation(repoDir, type);
  const plain = execFileSync("gzip", ["-dc", join(repoDir, href)], { maxBuffer: 1 << 30 });
  const bytes = to === "zstd" ? execFileSync("zstd", ["-q", "-c", "-3"], { input: plain, maxBuffer: 1 << 30 }) : plain;
  const newHref = href.replace(/\.gz$/, to === "zstd" ? ".zst" : "");
  await rm(join(repoDir, href));
  await editRepomd(repoDir, (t) => t.replace(`href="${href}"`, `href="${newHref}"`));
  await writeFile(join(repoDir, newHref), bytes);
  await replaceMetadata(repoDir, type, bytes);
  return newHref;
}
