import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../errors/config-error.js";

/** A host's package list with what it is and where it came from (its `# label:` and `# source:` lines). */
export interface HostList {
  readonly label: string;
  readonly source: string;
  readonly text: string;
}

/** The list the report checks when none is given: a real Rocky Linux 8.9 install (data/hosts/README.md says whence). */
export const SAMPLE_HOST_LIST = fileURLToPath(
  new URL("../../../data/hosts/rockylinux-8.9-container.rpm-qa", import.meta.url),
);

/**
 * Reads a host list file; its `# label: …` and `# source: …` comment lines (which the list parser
 * skips like every `#` line) say what the host is and where the list came from.
 *
 * @example
 * readHostList(SAMPLE_HOST_LIST).label // "rockylinux:8.9.20231119 container image (…), rpm -qa"
 */
export function readHostList(path: string): HostList {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError("host list", `cannot read it: ${(e as Error).message}`, { file: path });
  }
  const field = (name: string): string | undefined => new RegExp(`^#\\s*${name}:\\s*(.+?)\\s*$`, "m").exec(text)?.[1];
  return { label: field("label") ?? path, source: field("source") ?? path, text };
}
