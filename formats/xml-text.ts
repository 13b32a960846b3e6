/**
 * The little XML that XLSX text needs, both ways: entities, CDATA, line-break normalisation, OOXML's `_xHHHH_`
 * escapes for characters XML cannot hold, and the run structure of rich text. No DOM: workbook parts are scanned
 * with regular expressions, which is safe here because SpreadsheetML never nests the elements we look for.
 */

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (match, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name]!;
    const code = hex ? parseInt(hex, 16) : Number(decimal);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

/** XML parsers turn CR LF and lone CR into LF in text; a real CR arrives as `&#13;` or `_x000D_`. */
const normalizeBreaks = (text: string) => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);

/** The character data of an element's raw inner text: entities decoded, CDATA sections taken literally. */
export function xmlText(raw: string): string {
  if (!raw.includes('<![CDATA[')) return decodeEntities(normalizeBreaks(raw));
  let text = '';
  let at = 0;
  for (;;) {
    const start = raw.indexOf('<![CDATA[', at);
    if (start < 0) return text + decodeEntities(normalizeBreaks(raw.slice(at)));
    text += decodeEntities(normalizeBreaks(raw.slice(at, start)));
    const end = raw.indexOf(']]>', start + 9);
    if (end < 0) return text + normalizeBreaks(raw.slice(start + 9));
    text += normalizeBreaks(raw.slice(start + 9, end));
    at = end + 3;
  }
}

const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** Undoes `_xHHHH_` (Excel writes a CR in a cell as `_x000D_`, and a literal "_x0041_" as "_x005F_x0041_"). */
export function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(OOXML_ESCAPE, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a start tag's attribute text, entity-decoded, by name as written (prefix included). */
export function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let match; (match = ATTRIBUTE.exec(tag)); ) attributes.set(match[1]!, decodeEntities(match[2] ?? match[3]!));
  return attributes;
}

/** Opening tags (or empty elements) named `name` with an optional namespace prefix, and their attribute text. */
export function* startTags(xml: string, name: string): Generator<string> {
  const tag = new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>])([^>]*)>`, 'g');
  for (let match; (match = tag.exec(xml)); ) yield match[1]!;
}

const PHONETIC_RUN = /<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g;
const TEXT_ELEMENT = /<(?:[\w.-]+:)?t(?:\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t>)/g;

/**
 * The plain text of a shared-string item (`<si>`) or inline string (`<is>`): its `<t>`, or its rich-text runs'
 * `<t>`s joined. Phonetic guides (`<rPh>`, furigana/pinyin shown above the text) are not part of the value.
 */
export function stringItemText(inner: string): string {
  const source = inner.includes('rPh') ? inner.replace(PHONETIC_RUN, '') : inner;
  let text = '';
  TEXT_ELEMENT.lastIndex = 0;
  for (let match; (match = TEXT_ELEMENT.exec(source)); ) if (match[1]) text += xmlText(match[1]);
  return unescapeOoxml(text);
}

// ---- writing ----

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab and LF; CR, which parsers would turn into LF;
 * U+FFFE/U+FFFF) become `_xHHHH_`, as Excel writes them; a literal `_xHHHH_` in the text is protected by escaping
 * its underscore. Lone surrogates cannot be written at all and become U+FFFD.
 */
const NEEDS_OOXML_ESCAPE = /[\x00-\x08\x0B-\x1F\uFFFE\uFFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_SPECIAL = /[&<>"]/g;
const XML_REPLACEMENT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text (or an attribute value) as XML character data that reads back as the same string in Excel and in our reader. */
export function escapeXml(text: string): string {
  let safe = text.replace(NEEDS_OOXML_ESCAPE, (char) => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  if (/[\uD800-\uDFFF]/.test(safe)) safe = safe.replace(LONE_SURROGATE, '\uFFFD');
  return safe.replace(XML_SPECIAL, (char) => XML_REPLACEMENT[char]!);
}

/** Characters that a sheet name or other XML-only text (no `_xHHHH_` decoding) simply cannot contain. */
export function stripXmlIllegal(text: string): string {
  return text.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '').replace(LONE_SURROGATE, '\uFFFD');
}
