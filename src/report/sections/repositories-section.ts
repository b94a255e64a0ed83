import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/**
 * Repositories and package counts: the store's synced repositories of the distributions compared.
 *
 * @example
 * const { section } = await repositoriesSection(input);
 */
export function repositoriesSection(input: SectionInput): Promise<SectionResult> {
  const { all, repos } = input;
  const rows = repos
    .filter((r) => all.includes(r.distro))
    .map((r) => [r.distro, r.release, r.repo, r.arch, r.packages, r.checkedAt]);
  return Promise.resolve({
    section: section("repositories", "Repositories and package counts", {
      tables:
        rows.length > 0
          ? [
              {
                title: "Synced repositories",
                headers: ["distribution", "release", "repository", "architecture", "packages", "as of"],
                rows,
              },
            ]
          : [],
      noData: all
        .filter((d) => !repos.some((r) => r.distro === d))
        .map((d) => ({ what: `${d} repositories`, command: `elscope sync --distro ${d} --release 9` })),
    }),
    scoreInputs: [],
  });
}
