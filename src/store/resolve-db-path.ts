import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where the store lives: `--db`, else `ELSCOPE_DB`, else the XDG data directory.
 * See https://specifications.freedesktop.org/basedir-spec/latest/
 *
 * @example
 * resolveDbPath(undefined, { XDG_DATA_HOME: "/d" }) // "/d/elscope/elscope.db"
 */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== "") return flag;
  const fromEnv = env["ELSCOPE_DB"];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const xdg = env["XDG_DATA_HOME"];
  const base = xdg !== undefined && xdg.startsWith("/") ? xdg : join(env["HOME"] ?? homedir(), ".local", "share");
  return join(base, "elscope", "elscope.db");
}
