/** A package of a PES event: its name, its PES repository, its module streams ("perl:5.26"). */
export interface PesPackage {
  readonly name: string;
  readonly repository: string;
  readonly modulestreams: readonly string[];
}

/**
 * What leapp's data files hold, one record each: a repository mapping (leapp repomap), a package
 * evolution event (PES), a device driver's deprecation entry, or a warning about a line not read.
 */
export type LeappRecord =
  | {
      readonly kind: "repo-map";
      readonly sourceMajor: string;
      readonly targetMajor: string;
      /** The source repository's PES id ("powertools"). */
      readonly source: string;
      /** The target repository's PES id ("almalinux9-crb"). */
      readonly target: string;
    }
  | {
      readonly kind: "package-event";
      readonly id: number;
      /** leapp's Action: 0 present, 1 removed, 2 deprecated, 3 replaced, 4 split, 5 merged, 6 moved, 7 renamed. */
      readonly action: number;
      readonly actionName: string;
      readonly inPackages: readonly PesPackage[];
      readonly outPackages: readonly PesPackage[];
      /** "8.10"; null: not given. */
      readonly fromRelease: string | null;
      readonly toRelease: string | null;
      readonly architectures: readonly string[];
    }
  | {
      readonly kind: "device-driver";
      readonly deviceType: string;
      /** "0x1000:0x0060" for PCI, "x86_64:GenuineIntel:..." for CPUs; "" when the entry is about a driver. */
      readonly deviceId: string;
      readonly deviceName: string;
      readonly driverName: string;
      readonly availableIn: readonly number[];
      readonly maintainedIn: readonly number[];
      readonly deprecationAnnounced: string;
    }
  | { readonly kind: "warning"; readonly message: string };
