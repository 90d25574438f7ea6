/** Elements whose content never belongs in a letter being written. */
const DROPPED =
  'script, style, iframe, frame, frameset, object, embed, link, meta, base, form, noscript, template';
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href'];

const UNSAFE_SCHEME = /^(javascript|vbscript|data):/i;

/** The URL as a browser reads its scheme: it drops control characters and blanks (`java\tscript:`). */
function schemeOf(url: string): string {
  // Control characters are what this strips, so the pattern names them.
  // eslint-disable-next-line no-control-regex
  return url.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');
}

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
        URL_ATTRIBUTES.includes(name) && UNSAFE_SCHEME.test(schemeOf(attr.value)) && el.tagName !== 'IMG';
      if (name.startsWith('on') || unsafeUrl) el.removeAttribute(attr.name);
    }
  }
  return doc.body.innerHTML;
}
