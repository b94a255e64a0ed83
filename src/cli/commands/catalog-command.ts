import { releasesOf } from "../../catalog/resolve-targets.js";
import { type GlobalOptions, openCatalog, printJson } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";

/** `elscope catalog`: the declared distributions, releases, repositories and architectures. */
export function catalogCommand(opts: GlobalOptions & { json?: boolean; csv?: boolean }): void {
  const catalog = openCatalog(opts);
  const distros = catalog.distros.map((d) => ({
    id: d.id,
    name: d.name,
    role: d.role,
    upstream: d.upstream ?? null,
    website: d.website,
    file: catalog.files[d.id] ?? null,
    releaseMarkers: d.releaseMarkers,
    majors: d.majors.map((m) => ({
      major: m.major,
      arches: m.arches,
      releases: releasesOf(d)
        .filter((r) => r.major === m)
        .map((r) => ({ release: r.release, vault: r.vault })),
      repos: m.repos.map((r) => ({
        name: r.name,
        canonical: r.canonical ?? r.name,
        arches: r.arches ?? m.arches,
        since: r.since ?? null,
      })),
    })),
  }));
  if (opts.json === true) {
    printJson({ distros });
    return;
  }
  const rows = distros.flatMap((d) =>
    d.majors.map((m) => ({
      distro: d.id,
      role: d.role,
      major: m.major,
      releases: m.releases.map((r) => r.release).join(" "),
      arches: m.arches.join(" "),
      repos: m.repos.map((r) => r.name).join(" "),
    })),
  );
  // CSV: one row per distribution and major, the lists space-separated, as in the table.
  if (opts.csv === true) return void process.stdout.write(renderCsv(rows));
  process.stdout.write(
    renderTable(rows, [
      { header: "distro", value: (r) => r.distro },
      { header: "role", value: (r) => r.role },
      { header: "major", value: (r) => r.major },
      { header: "releases", value: (r) => r.releases },
      { header: "arches", value: (r) => r.arches },
      { header: "repositories", value: (r) => r.repos },
    ]),
  );
}
