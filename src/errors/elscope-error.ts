import { escapeControl } from "./escape-control.js";

/**
 * Base of the error taxonomy. Every error a user can see names the source it
 * came from, so a message reads "almalinux:9/BaseOS/x86_64: primary.xml.gz: ...". Source ids, file
 * names and problems quote input, so control characters are escaped here, once for every error:
 * a message is always one line that cannot rewrite the terminal.
 *
 * @example
 * throw new SourceError("almalinux:9/BaseOS/x86_64", "HTTP 404", { file: "repodata/repomd.xml" });
 */
export abstract class ElscopeError extends Error {
  abstract readonly kind: "source" | "parse" | "config" | "usage" | "no-data";
  readonly sourceId: string;
  readonly file: string | undefined;
  readonly problem: string;

  constructor(sourceId: string, problem: string, options: { file?: string; cause?: unknown } = {}) {
    const where = [sourceId, options.file].filter((p) => p !== undefined && p !== "").join(": ");
    super(escapeControl(where ? `${where}: ${problem}` : problem), { cause: options.cause });
    this.sourceId = sourceId;
    this.file = options.file;
    this.problem = escapeControl(problem);
  }
}
