/**
 * A JSON or YAML value of the input as a short phrase for a message: scalars as JSON (long text
 * cut), lists and objects by what they are. Never walks into a value, so no depth of nesting in
 * the input can overflow the stack (as JSON.stringify would on 50,000 nested objects).
 *
 * @example
 * showValue(1e300) // "1e+300"
 * showValue({ $date: { $date: 1 } }) // "an object"
 */
export function showValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (Array.isArray(v)) return "a list";
  if (v !== null && typeof v === "object") return v instanceof Date ? "a date" : "an object";
  return String(v);
}
