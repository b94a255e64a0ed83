import { sql } from "#kysely";

/**
 * The source RPM a row of `packages as p` belongs to: its sourcerpm, or itself for a source
 * package, as dnf names it (`bash-5.1.8-9.el9.src.rpm`). The JS twin is `sourceRpmName`
 * (src/model/source-rpm-name.ts); the two must agree.
 *
 * @example
 * db.selectFrom("packages as p").select(sourceRpmOf().as("sourcerpm"))
 */
export function sourceRpmOf() {
  return sql<string>`case when p.arch in ('src', 'nosrc') then p.name || '-' || p.version || '-' || p.release || '.src.rpm' else p.sourcerpm end`;
}
