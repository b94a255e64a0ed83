import type { ParseContext } from "../sources/source-driver.js";
import { getDriver } from "../sources/registry.js";

/**
 * Every record `kind`'s driver makes of `chunks`, in order: for importers that write a file's
 * records in one transaction (small files: image lists, mirror lists, leapp data).
 *
 * @example
 * const records = await parseAllRecords<ImageRecord>("aws-describe-images", chunks, { sourceId, file });
 */
export async function parseAllRecords<R>(
  kind: string,
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): Promise<R[]> {
  const records: R[] = [];
  for await (const batch of getDriver(kind).parse(chunks, ctx)) for (const r of batch) records.push(r as R);
  return records;
}
