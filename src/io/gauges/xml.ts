/**
 * XML parsing for the readers (WaterML 2.0, OSM): @xmldom/xmldom runs in Node, workers and the
 * page alike, and keeps each element's line number for messages.
 */
import { DOMParser } from '@xmldom/xmldom';
import { InputError } from '../../core/errors.ts';

export type XmlDocument = ReturnType<DOMParser['parseFromString']>;
export type XmlElement = NonNullable<XmlDocument['documentElement']>;

/** Parses XML; malformed XML throws InputError with the line where the parser stopped. */
export function parseXml(text: string, file: string): XmlDocument {
  let where: { line?: number; column?: number } = {};
  let problem = '';
  const parser = new DOMParser({
    onError: (level, msg, ctx) => {
      if (level === 'warning') return;
      const loc = (ctx as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
      where = { line: loc?.lineNumber, column: loc?.columnNumber };
      problem = String(msg);
      throw new Error(problem);
    },
  });
  let doc: XmlDocument;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    const msg = problem || (e instanceof Error ? e.message : String(e));
    throw new InputError(`malformed XML: ${msg.slice(0, 160)}`, { file, ...(where.line !== undefined ? where : {}) });
  }
  if (!doc.documentElement) throw new InputError('malformed XML: no root element', { file });
  return doc;
}

/** Element children of `el` with the given local name (any namespace). */
export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as XmlElement).localName === local) out.push(n as XmlElement);
  }
  return out;
}

export function firstChildNamed(el: XmlElement, local: string): XmlElement | null {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as XmlElement).localName === local) return n as XmlElement;
  }
  return null;
}

/** All descendants with the given local name, in document order. */
export function descendantsNamed(el: XmlElement | XmlDocument, local: string): XmlElement[] {
  return Array.from(el.getElementsByTagNameNS('*', local)) as XmlElement[];
}

/** An attribute by local name whatever its prefix (xlink:title, title). */
export function attrLocal(el: XmlElement, local: string): string | null {
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    if (a.localName === local || a.name === local) return a.value;
  }
  return null;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
