import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

/** A throwaway OpenPGP key made with the real gpg, that signs RPMs with the real rpmsign. */
export interface RpmSigner {
  /** The key's long id, 16 lower-case hex digits. */
  readonly keyId: string;
  readonly fingerprint: string;
  /** rpmsign --addsign, in place. */
  sign(rpm: string): void;
}

/** Makes a key `name` of `algo` (gpg's names: rsa2048, ed25519) under `dir`. */
export function makeRpmSigner(dir: string, name: string, algo: string): RpmSigner {
  const home = join(dir, `gnupg-rpm-${name}`);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const uid = `elscope rpm test ${name} <${name}@example.invalid>`;
  const gpg = (...args: string[]): string =>
    execFileSync(
      "gpg",
      ["--homedir", home, "--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", "", ...args],
      { stdio: "pipe", encoding: "utf8" },
    );
  gpg("--quick-gen-key", uid, algo, "sign", "never");
  const fpr = gpg("--with-colons", "--list-secret-keys")
    .split("\n")
    .find((l) => l.startsWith("fpr:"))
    ?.split(":")[9];
  if (fpr === undefined) throw new Error(`gpg made no key for ${name}`);
  const fingerprint = fpr.toLowerCase();
  const gpgPath = execFileSync("sh", ["-c", "command -v gpg"], { encoding: "utf8" }).trim();
  return {
    keyId: fingerprint.slice(-16),
    fingerprint,
    sign: (rpm) =>
      void execFileSync(
        "rpmsign",
        // rpm's %__gpg names gpg2, which not every system has: the gpg on PATH instead.
        [
          "--addsign",
          "--define",
          `__gpg ${gpgPath}`,
          "--define",
          `_gpg_path ${home}`,
          "--define",
          `_gpg_name ${fingerprint}`,
          rpm,
        ],
        { stdio: "pipe" },
      ),
  };
}
