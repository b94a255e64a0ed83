/** Where a store lives: a SQLite file, or a PostgreSQL database named by URL. */
export type StoreLocation =
  { readonly kind: "sqlite"; readonly path: string } | { readonly kind: "postgres"; readonly url: string };

/**
 * A `--db` value or `ELSCOPE_DB`: a `postgres://` or `postgresql://` URL
 * selects PostgreSQL (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING),
 * anything else is a SQLite path.
 *
 * @example
 * storeLocation("postgres://elscope@db.example/elscope") // { kind: "postgres", url: "postgres://..." }
 */
export function storeLocation(text: string): StoreLocation {
  return /^postgres(?:ql)?:\/\//i.test(text) ? { kind: "postgres", url: text } : { kind: "sqlite", path: text };
}

/**
 * The location as it may be printed: a URL's password is replaced by `***`.
 *
 * @example
 * displayLocation(storeLocation("postgres://u:secret@h/db")) // "postgres://u:***@h/db"
 */
export function displayLocation(location: StoreLocation): string {
  if (location.kind === "sqlite") return location.path;
  return location.url.replace(/^(postgres(?:ql)?:\/\/[^:@/]*:)[^@/]*@/i, "$1***@");
}
