import type { MirrorRecord } from "../../model/mirror-record.js";
import type { SourceDriver } from "../source-driver.js";
import { mirrorLinesDriver } from "./mirror-lines.js";

/**
 * A plain list of mirror base URLs (the tree a distribution's paths start
 * from, e.g. `https://mirror.example.org/almalinux/`), one per line, `#` for
 * comments: what a user keeps for a private or unlisted network.
 */
export const mirrorUrlListDriver: SourceDriver<MirrorRecord> = mirrorLinesDriver(
  "mirror-url-list",
  "plain list of mirror base URLs, one per line",
  "base",
);
