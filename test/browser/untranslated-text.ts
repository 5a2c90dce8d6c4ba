import type { Page } from 'playwright-core';

/**
 * Latin words a Chinese screen may show: names of the product and of formats, abbreviations the trade
 * writes in Latin letters (DESIGN.md's glossary keeps MQL, SRL and SQL), the keys named as they are printed on the keyboard, the
 * language picker's own "English", and currency prefixes.
 */
const LATIN_WORDS_ALLOWED = new Set([
  'Funnel',
  'API',
  'ID',
  'JSON',
  'CSV',
  'json',
  'logic',
  'ISO',
  'MQL',
  'SRL',
  'SQL',
  'Delete',
  'Backspace',
  'Enter',
  'Esc',
  'Tab',
  'Shift',
  'Ctrl',
  'English',
  'US',
]);

/** A problem's code, which the list of problems shows after its words on purpose (as React Flow numbers its errors). */
const DIAGNOSTIC_CODE = /^(schema|compile|guard)\.[a-z_]+$/;

/** Text the designer shows as typed, not as words of its own: keys, JSON and field values. */
const AS_TYPED = 'code, pre, textarea, script, style';

/** What a person sees or hears on the page now: visible text, the options of visible selects, and accessible names and descriptions. */
async function screenText(page: Page): Promise<string[]> {
  return page.evaluate((asTyped) => {
    const texts: string[] = [];
    const add = (text: string | null | undefined) => {
      const tidy = text?.replace(/\s+/g, ' ').trim();
      if (tidy) texts.push(tidy);
    };
    const shown = (element: Element) => element.checkVisibility({ visibilityProperty: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(asTyped)) continue;
      // A closed select shows one option, but a person opens it to read them all.
      const holder = parent.closest('select') ?? parent;
      if (shown(holder)) add(node.textContent);
    }
    for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-describedby]')) {
      // Inside aria-hidden nothing is an accessible name: a screen reader does not say it.
      if (!shown(element) || element.closest('[aria-hidden="true"]')) continue;
      for (const attribute of ['aria-label', 'title', 'placeholder', 'alt']) add(element.getAttribute(attribute));
      // A screen reader reads a description even when the element holding it is hidden.
      for (const id of element.getAttribute('aria-describedby')?.split(/\s+/) ?? []) add(document.getElementById(id)?.textContent);
    }
    return texts;
  }, AS_TYPED);
}

/**
 * What on the page is not in the user's language: message keys shown raw (a string missing from every
 * catalog), and English, i.e. texts with a Latin word that is neither in `LATIN_WORDS_ALLOWED` nor one of
 * the record fields' keys (the definition names fields by key only), and is not a problem's code.
 * @example await untranslatedText({ page, messageKeys: catalogKeys(en), identifiers: ['companyName'] }) // → { rawKeys: [], english: ['Zoom In'] }
 */
export async function untranslatedText({
  page,
  messageKeys,
  identifiers,
}: {
  page: Page;
  messageKeys: ReadonlySet<string>;
  identifiers: Iterable<string>;
}): Promise<{ rawKeys: string[]; english: string[] }> {
  const allowed = new Set([...LATIN_WORDS_ALLOWED, ...identifiers]);
  const texts = [...new Set(await screenText(page))];
  const rawKeys = texts.filter((text) => (text.match(/[a-zA-Z_]+(?:\.[a-zA-Z_]+)+/g) ?? []).some((word) => messageKeys.has(word)));
  const english = texts.filter((text) => !DIAGNOSTIC_CODE.test(text) && (text.match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) ?? []).some((word) => !allowed.has(word)));
  return { rawKeys, english };
}
