// holdSmall decides whether a JSON page is kept whole or streamed: either way the text must be
// exactly the chunks given. A page over the limit once lost the chunk read when it crossed it
// (a 10,000-row lag page answered 9,999 rows).
import assert from "node:assert/strict";
import { test } from "node:test";
import { holdSmall } from "../src/server/hold-small.js";

const text = (r: ReturnType<typeof holdSmall>): string => ("whole" in r ? r.whole : [...r.rest].join(""));

test("within the limit the whole text is held; past it every chunk is streamed, none lost or repeated", () => {
  const chunks = ["{", "\n  a", ",\n  b", ",\n  c", "\n}"];
  const joined = chunks.join("");
  for (let limit = 0; limit <= joined.length + 1; limit++) {
    const r = holdSmall(chunks, limit);
    assert.equal(text(r), joined, `limit ${limit}`);
    assert.equal("whole" in r, joined.length <= limit, `limit ${limit}: held whole only when it fits`);
  }
  assert.deepEqual(holdSmall([], 0), { whole: "" });
});

test("streaming reads the chunks it has not read yet only as the body is read", () => {
  let made = 0;
  const chunks = (function* () {
    for (let i = 0; i < 100; i++) {
      made++;
      yield "x".repeat(10);
    }
  })();
  const r = holdSmall(chunks, 25);
  assert.ok("rest" in r);
  assert.equal(made, 3, "three chunks read to pass 25 characters");
  assert.equal([...r.rest].join("").length, 1000);
  assert.equal(made, 100);
});
