/**
 * What identifies an rpm package: name, epoch, version, release, architecture.
 * See https://rpm-software-management.github.io/rpm/manual/ (package naming)
 */
export interface Nevra {
  readonly name: string;
  readonly epoch: number;
  readonly version: string;
  readonly release: string;
  readonly arch: string;
}
