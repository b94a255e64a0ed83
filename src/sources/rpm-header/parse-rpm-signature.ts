import { ParseError } from "../../errors/parse-error.js";

/** One OpenPGP signature found in an RPM's signature header. */
export interface RpmSignatureEntry {
  /** The signature header tag it was stored under: rsa (268) and dsa (267) sign the header, pgp (1002) and gpg (1005) header and payload. */
  readonly tag: "rsa" | "dsa" | "pgp" | "gpg";
  /** The issuer's long key id, 16 lower-case hex digits (subpacket 16, the v3 field, or the fingerprint's tail); null if absent. */
  readonly keyId: string | null;
  /** The issuer fingerprint (subpacket 33), lower-case hex; null if absent. */
  readonly fingerprint: string | null;
  /** The public-key algorithm: RSA, DSA, ECDSA, EdDSA, Ed25519, ... or "algorithm N". */
  readonly algorithm: string;
  /** The hash algorithm: SHA256, SHA512, ... or "hash N". */
  readonly hash: string;
  readonly version: number;
}

/** What an RPM's lead and signature header say about its signatures. */
export interface RpmSignature {
  /** Bytes from the file's start through the end of the signature header's store. */
  readonly headerEnd: number;
  /** Empty: the package is unsigned. */
  readonly signatures: readonly RpmSignatureEntry[];
}

/** Largest signature header accepted: index entries and store. Real ones are a few KiB. */
export const MAX_SIGNATURE_HEADER_BYTES = 1 << 20;
const MAX_INDEX_ENTRIES = 4096;
const LEAD = 96;
const TAGS: Readonly<Record<number, RpmSignatureEntry["tag"]>> = { 267: "dsa", 268: "rsa", 1002: "pgp", 1005: "gpg" };
// RFC 4880 §9.1 and §9.4; RFC 9580 §9.1 (Ed25519 27, Ed448 28); EdDSA 22 from RFC 4880bis.
const PUBKEY: Readonly<Record<number, string>> = {
  1: "RSA",
  2: "RSA",
  3: "RSA",
  16: "Elgamal",
  17: "DSA",
  18: "ECDH",
  19: "ECDSA",
  22: "EdDSA",
  27: "Ed25519",
  28: "Ed448",
};
const HASH: Readonly<Record<number, string>> = {
  1: "MD5",
  2: "SHA1",
  3: "RIPEMD160",
  8: "SHA256",
  9: "SHA384",
  10: "SHA512",
  11: "SHA224",
  12: "SHA3-256",
  14: "SHA3-512",
};

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/**
 * Reads the lead (96 bytes) and signature header of an RPM file's first bytes, and the OpenPGP
 * signature packets stored in it (tags 267, 268, 1002, 1005): key id, fingerprint, algorithms.
 * Pure and bounded: a header declaring more than {@link MAX_SIGNATURE_HEADER_BYTES}, a wrong magic,
 * or fewer bytes than the header needs is a ParseError.
 * Spec: https://rpm-software-management.github.io/rpm/manual/format.html, RFC 4880 §4.2, §5.2.
 *
 * @example
 * parseRpmSignature(firstBytes).signatures[0]?.keyId // "d36cb86cb86b3716"
 */
export function parseRpmSignature(bytes: Uint8Array, source = "rpm"): RpmSignature {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (problem: string): never => {
    throw new ParseError(source, problem);
  };
  if (buf.length < LEAD + 16) fail(`only ${buf.length} bytes, fewer than an RPM lead and header intro`);
  if (buf.readUInt32BE(0) !== 0xedabeedb) fail("not an RPM file (no lead magic ed ab ee db)");
  if (buf.readUInt16BE(78) !== 5) fail(`lead signature type ${buf.readUInt16BE(78)}, not 5 (header-style)`);
  const h = LEAD;
  if (buf.readUInt32BE(h) !== 0x8eade801) fail("no signature header magic 8e ad e8 01 after the lead");
  const count = buf.readUInt32BE(h + 8);
  const size = buf.readUInt32BE(h + 12);
  if (count > MAX_INDEX_ENTRIES || count * 16 + size > MAX_SIGNATURE_HEADER_BYTES)
    fail(`signature header of ${count} entries and ${size} bytes refused (limit ${MAX_SIGNATURE_HEADER_BYTES} bytes)`);
  const storeAt = h + 16 + count * 16;
  const end = storeAt + size;
  if (buf.length < end) fail(`signature header needs ${end} bytes, only ${buf.length} read`);
  const signatures: RpmSignatureEntry[] = [];
  for (let i = 0; i < count; i++) {
    const e = h + 16 + i * 16;
    const tag = TAGS[buf.readUInt32BE(e)];
    if (tag === undefined) continue;
    const offset = buf.readUInt32BE(e + 8);
    const length = buf.readUInt32BE(e + 12);
    if (buf.readUInt32BE(e + 4) !== 7) fail(`signature tag ${tag} is not binary data`);
    if (offset + length > size) fail(`signature tag ${tag} lies outside the header's store`);
    signatures.push({ tag, ...parseSignaturePacket(buf.subarray(storeAt + offset, storeAt + offset + length), fail) });
  }
  return { headerEnd: end, signatures };
}

/** The first OpenPGP packet of `p`, which must be a signature (tag 2), v3 or v4. */
function parseSignaturePacket(p: Buffer, fail: (problem: string) => never): Omit<RpmSignatureEntry, "tag"> {
  if (p.length < 2 || (p[0] ?? 0) < 0x80) fail("signature is not an OpenPGP packet");
  const first = p[0] ?? 0;
  let tag: number;
  let at: number;
  let length: number;
  if (first & 0x40) {
    tag = first & 0x3f;
    const l0 = p[1] ?? 0;
    if (l0 < 192) [at, length] = [2, l0];
    else if (l0 < 224) [at, length] = [3, ((l0 - 192) << 8) + (p[2] ?? 0) + 192];
    else if (l0 === 255 && p.length >= 6) [at, length] = [6, p.readUInt32BE(2)];
    else return fail("partial-length OpenPGP packet");
  } else {
    tag = (first >> 2) & 0x0f;
    const type = first & 0x03;
    if (type === 0) [at, length] = [2, p[1] ?? 0];
    else if (type === 1 && p.length >= 3) [at, length] = [3, p.readUInt16BE(1)];
    else if (type === 2 && p.length >= 5) [at, length] = [5, p.readUInt32BE(1)];
    else return fail("indeterminate-length OpenPGP packet");
  }
  if (tag !== 2) fail(`OpenPGP packet tag ${tag}, not a signature (2)`);
  if (at + length > p.length) fail("OpenPGP signature packet longer than its header entry");
  const body = p.subarray(at, at + length);
  const version = body[0] ?? 0;
  const algo = (n: number): string => PUBKEY[n] ?? `algorithm ${n}`;
  const hashOf = (n: number): string => HASH[n] ?? `hash ${n}`;
  if (version === 3) {
    if (body.length < 19) fail("v3 signature packet too short");
    return {
      version,
      keyId: hex(body.subarray(7, 15)),
      fingerprint: null,
      algorithm: algo(body[15] ?? 0),
      hash: hashOf(body[16] ?? 0),
    };
  }
  if (version !== 4) fail(`OpenPGP signature version ${version}, not 3 or 4`);
  if (body.length < 6) fail("v4 signature packet too short");
  let keyId: string | null = null;
  let fingerprint: string | null = null;
  let pos = 4;
  for (let area = 0; area < 2; area++) {
    if (pos + 2 > body.length) fail("v4 signature subpackets cut short");
    const areaEnd = pos + 2 + body.readUInt16BE(pos);
    if (areaEnd > body.length) fail("v4 signature subpacket area longer than the packet");
    pos += 2;
    while (pos < areaEnd) {
      const l0 = body[pos] ?? 0;
      let len: number;
      if (l0 < 192) [len, pos] = [l0, pos + 1];
      else if (l0 < 255) [len, pos] = [((l0 - 192) << 8) + (body[pos + 1] ?? 0) + 192, pos + 2];
      else [len, pos] = [pos + 5 <= areaEnd ? body.readUInt32BE(pos + 1) : 0, pos + 5];
      if (len < 1 || pos + len > areaEnd) fail("v4 signature subpacket outside its area");
      const type = (body[pos] ?? 0) & 0x7f;
      const data = body.subarray(pos + 1, pos + len);
      if (type === 16 && data.length === 8) keyId ??= hex(data);
      if (type === 33 && data.length >= 21) fingerprint ??= hex(data.subarray(1));
      pos += len;
    }
  }
  if (keyId === null && fingerprint !== null) keyId = fingerprint.slice(-16);
  return { version, keyId, fingerprint, algorithm: algo(body[2] ?? 0), hash: hashOf(body[3] ?? 0) };
}
