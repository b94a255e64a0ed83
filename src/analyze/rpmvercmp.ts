/**
 * rpm's segmented version comparison, exactly as rpm 4.x's rpmvercmp():
 * alphanumeric segments, numbers compared by value (leading zeros ignored)
 * and newer than letters, `~` sorting before anything (pre-releases), `^`
 * after the base version but before any other addition (snapshots), and all
 * other characters only separating segments.
 * Spec: https://github.com/rpm-software-management/rpm/blob/master/rpmio/rpmvercmp.c
 *
 * @example
 * rpmvercmp("1.0~rc1", "1.0") // -1
 * rpmvercmp("1.0^git1", "1.0") // 1
 */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const la = a.length;
  const lb = b.length;
  while (i < la || j < lb) {
    while (i < la && !isAlnum(a.charCodeAt(i)) && a[i] !== "~" && a[i] !== "^") i++;
    while (j < lb && !isAlnum(b.charCodeAt(j)) && b[j] !== "~" && b[j] !== "^") j++;

    // A tilde sorts before everything, even the end of the string.
    if (a[i] === "~" || b[j] === "~") {
      if (a[i] !== "~") return 1;
      if (b[j] !== "~") return -1;
      i++;
      j++;
      continue;
    }
    // A caret sorts after the end of the string but before anything else.
    if (a[i] === "^" || b[j] === "^") {
      if (i >= la) return -1;
      if (j >= lb) return 1;
      if (a[i] !== "^") return 1;
      if (b[j] !== "^") return -1;
      i++;
      j++;
      continue;
    }
    if (i >= la || j >= lb) break;

    const startA = i;
    const startB = j;
    const numeric = isDigit(a.charCodeAt(i));
    if (numeric) {
      while (i < la && isDigit(a.charCodeAt(i))) i++;
      while (j < lb && isDigit(b.charCodeAt(j))) j++;
    } else {
      while (i < la && isAlpha(a.charCodeAt(i))) i++;
      while (j < lb && isAlpha(b.charCodeAt(j))) j++;
    }
    // b's segment is of the other kind: a number is newer than letters.
    if (j === startB) return numeric ? 1 : -1;

    let fa = startA;
    let fb = startB;
    if (numeric) {
      // Leading zeros do not count; then the longer number is the larger.
      while (fa < i && a.charCodeAt(fa) === 48) fa++;
      while (fb < j && b.charCodeAt(fb) === 48) fb++;
      if (i - fa !== j - fb) return i - fa > j - fb ? 1 : -1;
    }
    // Byte order, as strcmp() (segments are ASCII letters or digits).
    for (; fa < i && fb < j; fa++, fb++) {
      const d = a.charCodeAt(fa) - b.charCodeAt(fb);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    if (fa < i) return 1;
    if (fb < j) return -1;
  }
  if (i >= la && j >= lb) return 0;
  return i >= la ? -1 : 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAlnum(c: number): boolean {
  return isDigit(c) || isAlpha(c);
}
