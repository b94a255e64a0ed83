import type { PackageRecord } from "../../model/package-record.js";
import type { SourceDriver } from "../source-driver.js";
import { parsePrimary } from "./parse-primary.js";

/** rpm-md primary.xml: every package of a repository. */
export const primaryDriver: SourceDriver<PackageRecord> = {
  kind: "rpm-md-primary",
  family: "rpm-md",
  description: "rpm-md primary.xml (packages of a repository)",
  parse: parsePrimary,
};
