/**
 * The items of a comma list, as flags (`--rebuild almalinux,rocky`) and query parameters
 * (`?rebuild=almalinux,rocky`) give them: trimmed, empty items dropped.
 *
 * @example
 * commaList(" almalinux, rocky,") // ["almalinux", "rocky"]
 */
export function commaList(v: string | null | undefined): readonly string[] {
  return v === undefined || v === null
    ? []
    : v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
}
