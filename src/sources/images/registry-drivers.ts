import type { ImageRecord } from "../../model/image-record.js";
import { containerType, normalArch, releaseIn } from "./image-fields.js";
import { jsonImageDriver } from "./json-image-driver.js";

/**
 * Vagrant Cloud box API (GET /api/v1/box/:user/:name): {tag, username, name,
 * downloads, versions: [{version, status, created_at, providers: [{name,
 * architecture}]}]}. Each active version × provider is an image; downloads a count.
 * Format: https://developer.hashicorp.com/vagrant/vagrant-cloud/api/v1#read-a-box
 */
export const vagrantCloudBoxDriver = jsonImageDriver(
  "vagrant-cloud-box",
  "images",
  "Vagrant Cloud box API answer: versions, providers, architectures and downloads",
  (doc, r) => {
    const tag = r.str(doc, "tag");
    if (tag === null || !Array.isArray((doc as { versions?: unknown }).versions))
      return r.fail('no "tag" and "versions": not a Vagrant Cloud box');
    const out: ImageRecord[] = [];
    const downloads = r.num(doc, "downloads");
    if (downloads !== null)
      out.push({ kind: "count", metric: "vagrant-downloads", value: downloads, date: null, subject: tag });
    for (const v of r.list(doc, "versions")) {
      const version = r.str(v, "version");
      if (version === null || (r.str(v, "status") ?? "active") !== "active") continue;
      for (const p of r.list(v, "providers")) {
        const provider = r.str(p, "name");
        if (provider === null) continue;
        out.push({
          kind: "image",
          channel: "vagrant",
          name: `${tag} ${version}`,
          type: `Vagrant-${provider}`,
          release: releaseIn(version) ?? releaseIn(tag),
          arch: normalArch(r.str(p, "architecture") ?? "amd64"),
          location: "vagrantcloud.com",
          publisher: r.str(doc, "username"),
          published: r.date(v, "created_at") ?? r.date(p, "created_at"),
          size: null,
        });
      }
    }
    return out;
  },
);

/**
 * Docker Hub repository API (GET /v2/repositories/:namespace/:name):
 * {namespace, name, pull_count, star_count, last_updated}: counts only.
 * Format: https://docs.docker.com/reference/api/hub/latest/
 */
export const dockerHubRepositoryDriver = jsonImageDriver(
  "docker-hub-repository",
  "popularity",
  "Docker Hub repository API answer: pull and star counts",
  (doc, r) => {
    const name = r.str(doc, "name");
    const pulls = r.num(doc, "pull_count");
    if (name === null || pulls === null) return r.fail('no "name" and "pull_count": not a Docker Hub repository');
    const subject = `docker.io/${r.str(doc, "namespace") ?? "library"}/${name}`;
    const out: ImageRecord[] = [{ kind: "count", metric: "container-pulls", value: pulls, date: null, subject }];
    const stars = r.num(doc, "star_count");
    if (stars !== null) out.push({ kind: "count", metric: "container-stars", value: stars, date: null, subject });
    return out;
  },
);

/**
 * Docker Hub tags API (GET /v2/repositories/:namespace/:name/tags):
 * {count, results: [{name, last_updated, images: [{architecture, size}]}]};
 * each tag × architecture is an image. The repository is the importer's --subject.
 * Format: https://docs.docker.com/reference/api/hub/latest/
 */
export const dockerHubTagsDriver = jsonImageDriver(
  "docker-hub-tags",
  "images",
  "Docker Hub tags API answer: tags with architectures, sizes and dates",
  (doc, r) => {
    if (!Array.isArray((doc as { results?: unknown } | null)?.results))
      return r.fail('no "results" list: not a Docker Hub tags page');
    const out: ImageRecord[] = [];
    for (const t of r.list(doc, "results")) {
      const tag = r.str(t, "name");
      if (tag === null) continue;
      for (const i of r.list(t, "images")) {
        out.push({
          kind: "image",
          channel: "container",
          name: tag,
          type: containerType(tag),
          release: releaseIn(tag),
          arch: normalArch(r.str(i, "architecture")),
          location: "docker.io",
          publisher: null,
          published: r.date(t, "last_updated"),
          size: r.num(i, "size"),
        });
      }
    }
    return out;
  },
);

/**
 * Quay repository API (GET /api/v1/repository/:namespace/:name?includeTags=true&includeStats=true):
 * {namespace, name, tags: {tag: {name, size, last_modified}}, stats: [{date, count}]};
 * tags are images, stats daily pull counts.
 * Format: https://docs.quay.io/api/swagger/#!/repository/getRepo
 */
export const quayRepositoryDriver = jsonImageDriver(
  "quay-repository",
  "images",
  "Quay repository API answer: tags and daily pull counts",
  (doc, r) => {
    const ns = r.str(doc, "namespace");
    const name = r.str(doc, "name");
    if (ns === null || name === null) return r.fail('no "namespace" and "name": not a Quay repository');
    const subject = `quay.io/${ns}/${name}`;
    const out: ImageRecord[] = [];
    const tags = (doc as { tags?: unknown }).tags;
    for (const t of tags !== null && typeof tags === "object" ? Object.values(tags) : []) {
      const tag = r.str(t, "name");
      if (tag === null) continue;
      out.push({
        kind: "image",
        channel: "container",
        name: tag,
        type: containerType(tag),
        release: releaseIn(tag),
        arch: null,
        location: "quay.io",
        publisher: ns,
        published: r.date(t, "last_modified"),
        size: r.num(t, "size"),
      });
    }
    for (const s of r.list(doc, "stats")) {
      const date = r.str(s, "date");
      const count = r.num(s, "count");
      if (date !== null && count !== null && /^\d{4}-\d{2}-\d{2}/.test(date))
        out.push({ kind: "count", metric: "container-pulls-daily", value: count, date: date.slice(0, 10), subject });
    }
    return out;
  },
);
