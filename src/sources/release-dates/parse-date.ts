const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * Reads the date forms release tables use: "2024-05-06", "06 May 2024",
 * "May 09, 2024", "November, 15 2021" (sic). A date without a day, or a day
 * that does not exist, is null: it is reported, never guessed.
 *
 * @example
 * parseHumanDate("May 09, 2024") // "2024-05-09"
 */
export function parseHumanDate(text: string): string | null {
  const t = text.trim().replace(/\s+/g, " ");
  let y: number | undefined;
  let m: number | undefined;
  let d: number | undefined;
  let r: RegExpExecArray | null;
  if ((r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t)) !== null) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2}) ([A-Za-z]+),? (\d{4})$/.exec(t)) !== null)
    [d, m, y] = [Number(r[1]), month(r[2]), Number(r[3])];
  else if ((r = /^([A-Za-z]+),? (\d{1,2}),? (\d{4})$/.exec(t)) !== null)
    [m, d, y] = [month(r[1]), Number(r[2]), Number(r[3])];
  if (y === undefined || m === undefined || d === undefined || m < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function month(name: string | undefined): number {
  return MONTHS.indexOf((name ?? "").slice(0, 3).toLowerCase()) + 1;
}
