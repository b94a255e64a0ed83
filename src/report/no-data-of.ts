import { NoDataError } from "../errors/no-data-error.js";
import type { NoData } from "./report-model.js";

/**
 * The "no data" entry for a query that found nothing to measure: `what` is the gap in the
 * report's words, the command is what the query's message names (its `quoted` commands, joined
 * by "and", else the whole message), so the report, the CLI and the API give the same advice.
 * Anything but a NoDataError is thrown on: a failure is never shown as a gap.
 *
 * @example
 * try { await updateLagQuery(ctx, params) } catch (e) { noData.push(noDataOf("update lag of rocky", e)) }
 */
export function noDataOf(what: string, error: unknown): NoData {
  if (!(error instanceof NoDataError)) throw error;
  // Every command the message names, in its order: some gaps have two ways to fill them.
  const commands = [...error.message.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "");
  return { what, command: commands.length > 0 ? commands.join(" and ") : error.message };
}
