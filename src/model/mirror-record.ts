/** The protocols a mirror list can name; only http and https are probed. */
export const MIRROR_PROTOCOLS = ["http", "https", "rsync", "ftp"] as const;
export type MirrorProtocol = (typeof MIRROR_PROTOCOLS)[number];

/**
 * One mirror as a list states it. `scope` says what the URLs point at: a
 * distribution's tree ("base", as in AlmaLinux's mirrors.d and plain lists)
 * or one repository ("repository", as MirrorManager's mirrorlist and
 * metalink answers do). What a list does not say is null, never guessed.
 */
export interface MirrorEntry {
  readonly name: string;
  readonly scope: "base" | "repository";
  readonly urls: Readonly<Record<MirrorProtocol, string | null>>;
  readonly country: string | null;
  readonly region: string | null;
  readonly city: string | null;
  readonly continent: string | null;
  readonly sponsor: string | null;
  readonly sponsorUrl: string | null;
  readonly private: boolean;
  readonly updateFrequencyHours: number | null;
  readonly ipv6: boolean | null;
  readonly asn: number | null;
  readonly cloud: string | null;
  readonly preference: number | null;
}

/** A file's expected state as a metalink gives it: the newest repomd.xml and older accepted ones. */
export interface MirrorReference {
  readonly file: string;
  readonly timestamp: number | null;
  readonly size: number | null;
  readonly hashes: Readonly<Record<string, string>>;
  readonly alternates: readonly {
    readonly timestamp: number | null;
    readonly size: number | null;
    readonly hashes: Readonly<Record<string, string>>;
  }[];
}

/** What mirror-list parsers yield. */
export type MirrorRecord =
  | ({ readonly kind: "mirror" } & MirrorEntry)
  | ({ readonly kind: "reference" } & MirrorReference)
  | { readonly kind: "warning"; readonly message: string };

/** A mirror entry with every optional fact unknown. */
export function emptyMirror(name: string, scope: MirrorEntry["scope"]): MirrorEntry {
  return {
    name,
    scope,
    urls: { http: null, https: null, rsync: null, ftp: null },
    country: null,
    region: null,
    city: null,
    continent: null,
    sponsor: null,
    sponsorUrl: null,
    private: false,
    updateFrequencyHours: null,
    ipv6: null,
    asn: null,
    cloud: null,
    preference: null,
  };
}
