import { type XmlAttributes, type XmlHandler, XmlScanner } from "./xml-scanner.js";

/** Attribute values by name. */
export type AttributeMap = Readonly<Record<string, string>>;

/** A small XML document as a tree; for repomd.xml and other files of a few MB at most. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: AttributeMap;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

interface Building {
  name: string;
  attributes: AttributeMap;
  children: XmlElement[];
  text: string;
}

class TreeHandler implements XmlHandler {
  readonly capturing = true;
  readonly skipRest = false;
  root: XmlElement | null = null;
  private readonly stack: Building[] = [];

  wantsAttributes(): boolean {
    return true;
  }

  skippable(): boolean {
    return false;
  }

  open(name: string, attributes: XmlAttributes | null): void {
    const map: Record<string, string> = {};
    for (let i = 0; attributes !== null && i < attributes.length; i += 2) {
      map[attributes[i] as string] = attributes[i + 1] as string;
    }
    this.stack.push({ name, attributes: map, children: [], text: "" });
  }

  close(): void {
    const done = this.stack.pop();
    if (done === undefined) return;
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.root = done;
    else parent.children.push(done);
  }

  text(decoded: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) top.text += decoded;
  }
}

/**
 * Parses a whole small XML document into a tree, with the same refusals as
 * {@link XmlScanner} (no DOCTYPE, no unknown entities, tags must match).
 *
 * @example
 * parseXmlTree(Buffer.from("<a x='1'><b>t</b></a>")).children[0]?.text // "t"
 */
export function parseXmlTree(bytes: Uint8Array): XmlElement {
  const handler = new TreeHandler();
  const scanner = new XmlScanner(handler);
  scanner.feed(bytes);
  scanner.end();
  if (handler.root === null) throw new Error("unreachable: no root after end()");
  return handler.root;
}

/** First child named `name`, if any. */
export function childNamed(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
