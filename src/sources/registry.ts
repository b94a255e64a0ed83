import { ConfigError } from "../errors/config-error.js";
import { almalinuxErrataDriver } from "./advisories/almalinux-errata-driver.js";
import { apolloDriver } from "./advisories/apollo-driver.js";
import { csafDriver } from "./advisories/csaf-driver.js";
import { osvDriver } from "./advisories/osv-driver.js";
import { updateinfoDriver } from "./advisories/updateinfo-driver.js";
import { endoflifeProductDriver } from "./release-dates/endoflife-product-driver.js";
import { endoflifeReleaseDataDriver } from "./release-dates/endoflife-release-data-driver.js";
import { almalinuxReleaseNotesDriver, rockyVersionTableDriver } from "./release-dates/release-table-driver.js";
import { almalinuxMirrorsDriver } from "./mirrors/almalinux-mirrors-driver.js";
import { metalinkDriver } from "./mirrors/metalink-driver.js";
import { mirrorCountHistoryDriver } from "./mirrors/mirror-count-history-driver.js";
import { mirrorUrlListDriver } from "./mirrors/mirror-url-list-driver.js";
import { mirrormanagerMirrorlistDriver } from "./mirrors/mirrormanager-mirrorlist-driver.js";
import { almalinuxAmiCsvDriver } from "./images/almalinux-ami-csv-driver.js";
import {
  awsDescribeImagesDriver,
  azureVmImageListDriver,
  gcloudImagesListDriver,
} from "./images/cloud-image-drivers.js";
import { countmeTotalsDriver } from "./images/countme-totals-driver.js";
import { httpIndexDriver } from "./images/http-index-driver.js";
import { popularityCsvDriver } from "./images/popularity-csv-driver.js";
import {
  dockerHubRepositoryDriver,
  dockerHubTagsDriver,
  quayRepositoryDriver,
  vagrantCloudBoxDriver,
} from "./images/registry-drivers.js";
import { leappDeviceDriversDriver } from "./leapp/leapp-device-drivers-driver.js";
import { leappPesEventsDriver } from "./leapp/leapp-pes-events-driver.js";
import { leappRepomapCsvDriver, leappRepomapDriver } from "./leapp/leapp-repomap-driver.js";
import { primaryDriver } from "./rpm-md/primary-driver.js";
import { repomdDriver } from "./rpm-md/repomd-driver.js";
import type { SourceDriver, SourceFamily } from "./source-driver.js";

// One entry per source kind; each must pass test/source-conformance.test.ts.
const DRIVERS: readonly SourceDriver[] = [
  primaryDriver,
  repomdDriver,
  endoflifeReleaseDataDriver,
  endoflifeProductDriver,
  almalinuxReleaseNotesDriver,
  rockyVersionTableDriver,
  osvDriver,
  updateinfoDriver,
  apolloDriver,
  almalinuxErrataDriver,
  csafDriver,
  almalinuxMirrorsDriver,
  mirrormanagerMirrorlistDriver,
  metalinkDriver,
  mirrorUrlListDriver,
  mirrorCountHistoryDriver,
  httpIndexDriver,
  awsDescribeImagesDriver,
  azureVmImageListDriver,
  gcloudImagesListDriver,
  almalinuxAmiCsvDriver,
  vagrantCloudBoxDriver,
  dockerHubRepositoryDriver,
  dockerHubTagsDriver,
  quayRepositoryDriver,
  popularityCsvDriver,
  countmeTotalsDriver,
  leappRepomapDriver,
  leappRepomapCsvDriver,
  leappPesEventsDriver,
  leappDeviceDriversDriver,
] as readonly SourceDriver[];

/** Every registered source kind, sorted by kind. */
export function listDrivers(): readonly SourceDriver[] {
  return [...DRIVERS].sort((a, b) => a.kind.localeCompare(b.kind));
}

/**
 * The kinds of one family, in registration order (the order `elscope import --help` names them).
 *
 * @example
 * kindsOf("mirrors") // ["almalinux-mirrors", "mirrormanager-mirrorlist", "metalink", ...]
 */
export function kindsOf(family: SourceFamily): readonly string[] {
  return DRIVERS.filter((d) => d.family === family).map((d) => d.kind);
}

/**
 * The driver registered for `kind`.
 *
 * @example
 * getDriver("rpm-md-primary").description
 */
export function getDriver(kind: string): SourceDriver {
  const d = DRIVERS.find((x) => x.kind === kind);
  if (d === undefined)
    throw new ConfigError("sources", `no source kind "${kind}"; known: ${DRIVERS.map((x) => x.kind).join(", ")}`);
  return d;
}
