/**
 * A shell glob as dnf reads package names (`*`, `?`, `[...]`), as an anchored regular expression.
 *
 * @example
 * globPattern("kernel*").test("kernel-core") // true
 */
export function globPattern(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) out += "\\[";
      else {
        const body = glob.slice(i + 1, end);
        out += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`.replace(/\\/g, "\\\\");
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** Whether a name has glob characters, so an exact name can be looked up directly. */
export function isGlob(text: string): boolean {
  return /[*?[]/.test(text);
}
