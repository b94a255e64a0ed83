import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/**
 * Whether an Authorization header bears `token` (RFC 6750 §2.1). Compared in constant time
 * over fixed-length digests, so neither the token's bytes nor its length show in the timing.
 * See https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 *
 * @example
 * bearerMatches("Bearer s3cret", "s3cret") // true
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? "")?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}
