import { ParseError } from "../../errors/parse-error.js";
import type { ImageRecord } from "../../model/image-record.js";
import { readAll } from "../read-all.js";
import type { SourceDriver } from "../source-driver.js";
import { normalArch, releaseIn } from "./image-fields.js";

/** One CSV line's fields (RFC 4180 quoting), or null when its quotes do not close. */
function csvFields(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) return null;
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (line[i] === ",") i++;
      else if (i < line.length) return null;
      else break;
    } else {
      const c = line.indexOf(",", i);
      out.push(line.slice(i, c === -1 ? line.length : c));
      if (c === -1) break;
      i = c + 1;
    }
  }
  return out;
}

/**
 * AlmaLinux's official AMI list (the wiki's aws_amis_<major>.csv): rows of
 * "AlmaLinux OS","9.8.20260810","af-south-1","ami-…","x86_64", no header.
 * The list is the distribution's own, so its AMIs are official.
 * Source: https://github.com/AlmaLinux/wiki/tree/master/docs/ (cloud/aws_amis_*.csv)
 */
export const almalinuxAmiCsvDriver: SourceDriver<ImageRecord> = {
  kind: "almalinux-ami-csv",
  family: "images",
  description: "AlmaLinux's official AMI list (CSV: name, version, region, AMI id, architecture)",
  truncation: "prefix",
  async *parse(chunks, ctx) {
    const text = (await readAll(chunks, undefined, ctx)).toString("utf8");
    const lines = text.split("\n");
    const last = lines.pop() ?? "";
    const out: ImageRecord[] = [];
    lines.forEach((raw, n) => {
      const line = raw.replace(/\r$/, "");
      if (line.trim() === "") return;
      const f = csvFields(line);
      const [name, version, region, ami, arch] = f ?? [];
      if (
        f === null ||
        f.length !== 5 ||
        !/^ami-[0-9a-f]{8,17}$/.test(ami ?? "") ||
        !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region ?? "")
      ) {
        out.push({
          kind: "warning",
          message: `line ${n + 1}: not "name,version,region,ami,arch": ${JSON.stringify(line.slice(0, 80))}`,
        });
        return;
      }
      out.push({
        kind: "image",
        channel: "aws",
        name: ami as string,
        type: `${name} ${version}`,
        release: releaseIn(version ?? ""),
        arch: normalArch(arch),
        location: region ?? null,
        publisher: null,
        // The version ends in the image's build date: 9.8.20260810 or 10.2.20260817.0.
        published: /\.(\d{4})(\d{2})(\d{2})(\.\d+)?$/.test(version ?? "")
          ? (version ?? "").replace(/^.*\.(\d{4})(\d{2})(\d{2})(\.\d+)?$/, "$1-$2-$3T00:00:00.000Z")
          : null,
        size: null,
      });
    });
    if (last.trim() !== "")
      out.push({ kind: "warning", message: `line ${lines.length + 1}: no newline at the end (cut?); dropped` });
    if (!out.some((r) => r.kind === "image")) throw new ParseError(ctx.sourceId, "no AMI rows", { file: ctx.file });
    yield out;
  },
};
