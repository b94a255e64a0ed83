import type { MirrorRecord } from "../../model/mirror-record.js";
import type { SourceDriver } from "../source-driver.js";
import { mirrorLinesDriver } from "./mirror-lines.js";

/**
 * MirrorManager's mirrorlist answer (Rocky Linux, Fedora, CentOS): a comment
 * header such as `# repo = rocky-BaseOS-9.4 arch = x86_64 country = US`, then
 * one repository URL per line, best first.
 * Format: https://github.com/fedora-infra/mirrormanager2 (mirrorlist server)
 */
export const mirrormanagerMirrorlistDriver: SourceDriver<MirrorRecord> = mirrorLinesDriver(
  "mirrormanager-mirrorlist",
  "MirrorManager mirrorlist answer: repository URLs, one per line, best first",
  "repository",
);
