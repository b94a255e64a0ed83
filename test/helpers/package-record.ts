import type { PackageRecord } from "../../src/model/package-record.js";

/**
 * A package as the primary.xml parser makes it, for tests that write snapshots directly: the
 * identity and the file given, every optional field empty, sizes of 1 byte.
 */
export function packageRecord(
  p: Pick<PackageRecord, "name" | "version" | "release" | "arch" | "checksum" | "sourcerpm" | "location" | "fileTime"> &
    Partial<PackageRecord>,
): PackageRecord {
  return {
    epoch: 0,
    checksumType: "sha256",
    summary: p.name,
    url: null,
    packager: null,
    license: null,
    vendor: null,
    group: null,
    buildhost: null,
    buildTime: p.fileTime,
    packageSize: 1,
    installedSize: 1,
    ...p,
  };
}
