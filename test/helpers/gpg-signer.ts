import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A throwaway OpenPGP key made with the real gpg, able to sign files detached and armored. */
export function makeSigner(dir: string, name: string): { publicKey: string; sign: (file: string) => void } {
  const home = join(dir, `gnupg-${name}`);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const gpg = (...args: string[]) =>
    execFileSync(
      "gpg",
      ["--homedir", home, "--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", "", ...args],
      { stdio: "pipe" },
    );
  gpg("--quick-gen-key", `elscope test ${name} <${name}@example.invalid>`, "ed25519", "sign", "never");
  const publicKey = join(dir, `${name}.asc`);
  writeFileSync(publicKey, gpg("--armor", "--export"));
  return { publicKey, sign: (file) => void gpg("--yes", "--armor", "--detach-sign", "-o", `${file}.asc`, file) };
}
