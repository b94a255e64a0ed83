import { ConfigError } from "../errors/config-error.js";

/** What decompresses .xz files: the system's `xz -dc` or liblzma in this process (lzma-native). */
export type XzDecoder = "xz" | "native";

/**
 * The .xz decoder to use: `ELSCOPE_XZ_DECODER` (`xz` or `native`; internal, for `npm run bench:xz`
 * and the ingest bench), else `xz`, which measured faster (README, Benchmarks, ingest). This is
 * the only place the variable is read.
 *
 * @example
 * xzDecoder({ ELSCOPE_XZ_DECODER: "native" }, "t") // "native"
 */
export function xzDecoder(env: NodeJS.ProcessEnv, sourceId: string): XzDecoder {
  const v = env["ELSCOPE_XZ_DECODER"] ?? "";
  if (v === "") return "xz";
  if (v === "native" || v === "xz") return v;
  throw new ConfigError(sourceId, `ELSCOPE_XZ_DECODER must be "xz" or "native", not "${v}"`);
}
