import { UsageError } from "../errors/usage-error.js";

// Binary units (IEC 80000-13) and their SI cousins; a bare number is bytes.
const UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1000 ** 4,
  tib: 1024 ** 4,
};

/**
 * Reads a size such as `512MiB`, `2GB`, `1.5g` or `1048576` as a number of bytes;
 * `flag` names the option in the UsageError a bad value gives.
 *
 * @example
 * parseByteSize("512MiB", "--max-file-size") // 536870912
 */
export function parseByteSize(text: string, flag: string): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m === null ? undefined : UNITS[(m[2] ?? "").toLowerCase()];
  const bytes = m === null || unit === undefined ? Number.NaN : Math.floor(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UsageError("arguments", `${flag} wants a size such as 512MiB or 2GB, got "${text}"`);
  }
  return bytes;
}

/**
 * Writes a number of bytes the short way, in binary units.
 *
 * @example
 * formatByteSize(536870912) // "512 MiB"
 */
export function formatByteSize(bytes: number): string {
  for (const [unit, size] of [
    ["TiB", 1024 ** 4],
    ["GiB", 1024 ** 3],
    ["MiB", 1024 ** 2],
    ["KiB", 1024],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))} ${unit}`;
  }
  return `${bytes} bytes`;
}
