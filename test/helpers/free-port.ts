import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 nothing listens on now, for a server that must be told its port.
 *
 * @example
 * const port = await freePort(); // then: elscope serve --port ${port}
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a !== null ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}
