/** One message for an mbox file. */
export interface MboxMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly date: Date;
  /** A Message-ID without angle brackets (local@domain). */
  readonly messageId: string;
  readonly body: string;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number): string => String(n).padStart(2, "0");

/** asctime(3) in UTC, as the RFC 4155 "From " line has it: `Tue Dec  1 21:06:22 2026`. */
function asctime(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, " ");
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${time} ${d.getUTCFullYear()}`;
}

/** An RFC 5322 §3.3 date in UTC: `Tue, 01 Dec 2026 21:06:22 +0000`. */
function rfc5322Date(d: Date): string {
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} +0000`;
}

/** A header value on one line: input must not add headers. */
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, " ");

/**
 * Messages in the mbox format of RFC 4155: each starts with a "From " line (sender and asctime
 * date), then its headers, a blank line and the body; body lines that begin with "From " (after
 * any ">") get one more ">" (the mboxrd rule, which a reader undoes exactly); a blank line ends it.
 *
 * @example
 * appendFileSync("alerts.mbox", renderMbox([{ from: "elscope", to: "root", subject: "…", date, messageId: "1@elscope", body: "…" }]));
 */
export function renderMbox(messages: readonly MboxMessage[]): string {
  let out = "";
  for (const m of messages) {
    const sender = oneLine(m.from).replace(/\s+/g, "") || "MAILER-DAEMON";
    const body = m.body
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((l) => (/^>*From /.test(l) ? `>${l}` : l))
      .join("\n");
    out +=
      `From ${sender} ${asctime(m.date)}\n` +
      `From: ${oneLine(m.from)}\nTo: ${oneLine(m.to)}\nSubject: ${oneLine(m.subject)}\n` +
      `Date: ${rfc5322Date(m.date)}\nMessage-ID: <${oneLine(m.messageId)}>\n` +
      `MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n` +
      `${body}${body.endsWith("\n") ? "" : "\n"}\n`;
  }
  return out;
}
