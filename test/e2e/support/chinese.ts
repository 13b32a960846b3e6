import type { Page } from 'playwright-core';

/**
 * Latin words a Chinese page may show: file formats and names people use as they are, and the currency code.
 * Everything else in Latin letters must be data the user typed or a code: ids with separators (run-…, ds-…,
 * hlj-technical-schools, sha256:…), short codes with digits (T1, S001, G3, v2), which are removed before the scan.
 */
const ALLOWED = new Set(['XLSX', 'CSV', 'JSON', 'Excel', 'WPS', 'CNY', 'skillfund', /* the switch to the English console, in English */ 'English']);
const CODES = [
  // A JSON path the API names a problem by (tiers[1].perStudent), shown beside the words as a code.
  /\b(?:[A-Za-z]+\.)*[A-Za-z]+\[\d+\](?:\.[A-Za-z]+|\[\d+\])*/g,
  /\b[A-Za-z0-9]+(?:[-_:./][A-Za-z0-9]+)+\b/g,
  /\b[A-Za-z]{1,4}\d+[A-Za-z0-9]*\b/g,
];
/** What a message quotes back from the user's own file or input (“abc” in 在校生数“abc”不是数字) is theirs, not ours. */
const QUOTED = /“[^”]*”|"[^"]*"/g;

/** The English words on the page as a person sees it: visible text, placeholders, labels read aloud, tooltips. */
export async function englishWords(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { body: { innerText: string }; querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> } }).document;
    // antd names its icons in English for screen readers (aria-label="inbox"); that is the icon set's name of the
    // picture, not a text of ours, and antd offers no translation for it.
    const attributes = Array.from(doc.querySelectorAll('[placeholder],[aria-label]:not(.anticon),[title],img[alt]')).flatMap((el) => ['placeholder', 'aria-label', 'title', 'alt'].map((name) => el.getAttribute(name) ?? ''));
    return [doc.body.innerText, ...attributes];
  });
  const found = new Set<string>();
  for (const text of texts) {
    let rest = text.replace(QUOTED, ' ');
    for (const code of CODES) rest = rest.replace(code, ' ');
    for (const word of rest.match(/[A-Za-z][A-Za-z'’]+/g) ?? []) if (!ALLOWED.has(word)) found.add(word);
  }
  return [...found];
}
