import type { ImageRecord } from "../../model/image-record.js";
import { normalArch, releaseIn } from "./image-fields.js";
import { jsonImageDriver } from "./json-image-driver.js";

/**
 * `aws ec2 describe-images --output json`: {"Images": [{ImageId, Name,
 * OwnerId, Architecture, CreationDate, ...}]}. The output names no region;
 * the importer's --region does.
 * Format: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Image.html
 */
export const awsDescribeImagesDriver = jsonImageDriver(
  "aws-describe-images",
  "images",
  "aws ec2 describe-images JSON output: AMIs with owner, architecture and creation date",
  (doc, r) => {
    if (doc === null || typeof doc !== "object" || !Array.isArray((doc as { Images?: unknown }).Images))
      return r.fail('no "Images" list: not the output of aws ec2 describe-images');
    return r.list(doc, "Images").map((i): ImageRecord => {
      const id = r.str(i, "ImageId");
      const name = r.str(i, "Name") ?? r.str(i, "Description") ?? "";
      if (id === null) return { kind: "warning", message: `an image without ImageId (${name}) skipped` };
      return {
        kind: "image",
        channel: "aws",
        name: id,
        type: name === "" ? "AMI" : name,
        release: releaseIn(name),
        arch: normalArch(r.str(i, "Architecture")),
        location: null,
        publisher: r.str(i, "OwnerId") ?? r.str(i, "ImageOwnerAlias"),
        published: r.date(i, "CreationDate"),
        size: null,
      };
    });
  },
);

/**
 * `az vm image list --output json`: [{architecture, offer, publisher, sku,
 * urn, version}].
 * Format: https://learn.microsoft.com/cli/azure/vm/image#az-vm-image-list
 */
export const azureVmImageListDriver = jsonImageDriver(
  "azure-vm-image-list",
  "images",
  "az vm image list JSON output: marketplace images by publisher, offer, SKU and version",
  (doc, r) => {
    if (!Array.isArray(doc)) return r.fail("not a JSON list: not the output of az vm image list");
    return doc.map((i): ImageRecord => {
      const urn = r.str(i, "urn");
      const offer = r.str(i, "offer");
      const sku = r.str(i, "sku") ?? "";
      if (urn === null || offer === null) return { kind: "warning", message: "an image without urn or offer skipped" };
      return {
        kind: "image",
        channel: "azure",
        name: urn,
        type: `${offer} ${sku}`.trim(),
        release: releaseIn(sku) ?? releaseIn(r.str(i, "version") ?? ""),
        arch: normalArch(r.str(i, "architecture")),
        location: null,
        publisher: r.str(i, "publisher"),
        published: null,
        size: null,
      };
    });
  },
);

/**
 * `gcloud compute images list --format=json`: [{name, family, selfLink,
 * architecture, creationTimestamp, diskSizeGb, deprecated}]; the project is
 * the publisher, read from selfLink.
 * Format: https://cloud.google.com/compute/docs/reference/rest/v1/images
 */
export const gcloudImagesListDriver = jsonImageDriver(
  "gcloud-images-list",
  "images",
  "gcloud compute images list JSON output: public images by project and family",
  (doc, r) => {
    if (!Array.isArray(doc)) return r.fail("not a JSON list: not the output of gcloud compute images list");
    return doc.map((i): ImageRecord => {
      const name = r.str(i, "name");
      if (name === null) return { kind: "warning", message: "an image without a name skipped" };
      const project = /\/projects\/([^/]+)\//.exec(r.str(i, "selfLink") ?? "")?.[1] ?? null;
      const gb = r.num(i, "diskSizeGb");
      return {
        kind: "image",
        channel: "gcp",
        name,
        type: r.str(i, "family") ?? name,
        release: releaseIn(r.str(i, "family") ?? name),
        arch: normalArch(r.str(i, "architecture")),
        location: null,
        publisher: project,
        published: r.date(i, "creationTimestamp"),
        size: gb === null ? null : gb * 1024 ** 3,
      };
    });
  },
);
