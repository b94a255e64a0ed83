/** How many packages a repository's newest snapshot has. */
export interface PackageCounts {
  binary: number;
  source: number;
  byArch: Record<string, number>;
}
