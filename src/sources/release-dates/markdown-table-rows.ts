/**
 * The rows of every Markdown table in `text`, as cells keyed by the header
 * (lower-cased, HTML and links stripped). Indented tables (inside tabs) count too.
 *
 * @example
 * markdownTableRows("| A | B |\n|---|---|\n| 1 | 2 |") // [{ a: "1", b: "2" }]
 */
export function markdownTableRows(text: string): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  let header: string[] | null = null;
  let sawRule = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith("|")) {
      header = null;
      sawRule = false;
      continue;
    }
    const cells = line.replace(/^\|/, "").replace(/\|$/, "").split("|").map(clean);
    if (header === null) header = cells.map((c) => c.toLowerCase());
    else if (!sawRule && cells.every((c) => /^:?-+:?$/.test(c))) sawRule = true;
    else if (sawRule) rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
  }
  return rows;
}

function clean(cell: string): string {
  return cell
    .replace(/<[^>]*>/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\\\*/g, "*")
    .replace(/\s+/g, " ")
    .trim();
}
