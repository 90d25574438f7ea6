/** Elements whose content never belongs in a letter being written. */
const DROPPED =
  'script, style, iframe, frame, frameset, object, embed, link, meta, base, form, noscript, template';
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href'];

/**
 * HTML made safe to put into the editor of this page (a template's text, say): no scripts,
 * no event handlers, no javascript: links. Parsed in an inert document, so nothing in it runs
 * or loads while it is cleaned.
 */
export function cleanHtml(html: string): string {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of doc.body.querySelectorAll(DROPPED)) el.remove();
  for (const el of doc.body.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      const unsafeUrl =
        URL_ATTRIBUTES.includes(name) &&
        /^\s*(javascript|vbscript|data):/i.test(attr.value) &&
        el.tagName !== 'IMG';
      if (name.startsWith('on') || unsafeUrl) el.removeAttribute(attr.name);
    }
  }
  return doc.body.innerHTML;
}
