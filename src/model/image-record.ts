/** Where an image is offered. */
export type ImageChannel = "mirror" | "aws" | "azure" | "gcp" | "vagrant" | "container";

/**
 * One image as a listing or API states it. What the source does not say is
 * null; whether it is official is decided later, from the catalog's list of
 * the distribution's own publishers.
 */
export interface ImageEntry {
  readonly channel: ImageChannel;
  /** File name, AMI id, URN, box name and version, repository:tag. */
  readonly name: string;
  /** What it is: GenericCloud, EC2, Azure, Vagrant-libvirt, Container-Minimal, ISO-dvd, a marketplace offer... */
  readonly type: string;
  /** "9.8", "9" or null. */
  readonly release: string | null;
  /** x86_64, aarch64, ppc64le, s390x, riscv64, or null. */
  readonly arch: string | null;
  /** Region, URL or registry. */
  readonly location: string | null;
  /** AWS owner id, Azure publisher, GCP project, Vagrant or registry namespace. */
  readonly publisher: string | null;
  /** ISO 8601 UTC. */
  readonly published: string | null;
  readonly size: number | null;
}

/** A counter an API reports (downloads, pulls, stars), as of `date` (null: as of the import). */
export interface CountEntry {
  readonly metric: string;
  readonly value: number;
  readonly date: string | null;
  readonly subject: string;
  /** The page this point was read from, when the file names one per point (else the import's source). */
  readonly source?: string;
  /** How the figure was read: a milestone, a lower bound, a copy of another source's figure. */
  readonly note?: string;
}

/** What image and popularity parsers yield. */
export type ImageRecord =
  | ({ readonly kind: "image" } & ImageEntry)
  | ({ readonly kind: "count" } & CountEntry)
  | { readonly kind: "warning"; readonly message: string };
