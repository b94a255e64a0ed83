/**
 * Reads `chunks` until they end or pass `limit` characters: the whole text when it ended within
 * the limit (small enough to keep), else every chunk, the ones already read first, to stream.
 * Nothing is lost or repeated either way: the pieces joined are the text.
 *
 * @example
 * holdSmall(["a", "b"], 10) // { whole: "ab" }
 * [...(holdSmall(["abc", "def", "g"], 2) as { rest: Iterable<string> }).rest].join("") // "abcdefg"
 */
export function holdSmall(
  chunks: Iterable<string>,
  limit: number,
): { readonly whole: string } | { readonly rest: Iterable<string> } {
  const it = chunks[Symbol.iterator]();
  const held: string[] = [];
  let length = 0;
  while (length <= limit) {
    const piece = it.next();
    if (piece.done === true) return { whole: held.join("") };
    held.push(piece.value);
    length += piece.value.length;
  }
  return {
    rest: (function* () {
      yield* held;
      for (let piece = it.next(); piece.done !== true; piece = it.next()) yield piece.value;
    })(),
  };
}
