import sanitizeHtml from 'sanitize-html';

/**
 * Letters' HTML is kept sanitised (no scripts, event handlers, forms, frames or javascript: URLs)
 * and shown in a sandboxed frame under a Content-Security-Policy that blocks remote images
 * until the user allows them for the letter: three layers, each enough on its own for scripts.
 */

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags,
  'img',
  'font',
  'center',
  'span',
  'div',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'col',
  'colgroup',
  'caption',
  'u',
  's',
  'strike',
  'sub',
  'sup',
  'small',
  'big',
  'hr',
  'br',
];

const SHARED_ATTRIBUTES = ['style', 'class', 'align', 'valign', 'width', 'height', 'dir', 'title', 'lang'];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    '*': SHARED_ATTRIBUTES,
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'alt', 'border'],
    font: ['color', 'face', 'size'],
    table: ['border', 'cellpadding', 'cellspacing', 'bgcolor'],
    td: ['colspan', 'rowspan', 'bgcolor', 'nowrap'],
    th: ['colspan', 'rowspan', 'bgcolor', 'nowrap'],
    tr: ['bgcolor'],
    col: ['span'],
    colgroup: ['span'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel', 'cid'],
  allowedSchemesByTag: { img: ['http', 'https', 'cid', 'data'] },
  allowProtocolRelative: false,
  // Contents of these go too, not only the tags.
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'title',
    'head',
    'template',
    'iframe',
    'object',
  ],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
    }),
  },
};

/** A quote as sanitize-html may leave it inside an attribute: as is or as an entity. */
const QUOTE = `(?:["']|&quot;|&#0*39;|&#x0*27;|&apos;)`;
const REMOTE_IMG = /<img\b[^>]*\bsrc\s*=\s*["']?\s*https?:/i;
/** CSS `url(https://…)`, `url(&quot;https://…&quot;)` (how sanitize-html writes `url("…")`), `url(//…)`. */
const REMOTE_URL = new RegExp(`url\\(\\s*${QUOTE}?\\s*(?:https?:|//)`, 'i');

/** Sanitised HTML and whether it refers to remote (http/https) images. */
export function sanitizeMailHtml(html: string): { html: string; hasRemoteImages: boolean } {
  const clean = sanitizeHtml(html, OPTIONS);
  return { html: clean, hasRemoteImages: REMOTE_IMG.test(clean) || REMOTE_URL.test(clean) };
}

/**
 * `cid:` references of images in sanitised HTML: an `<img>` source or a CSS `url()` (text that
 * merely says «cid:» is left alone). The id ends at a quote, a blank, `)`, `>` or an entity
 * other than `&amp;`.
 */
const CID_REF = new RegExp(
  `(\\bsrc\\s*=\\s*["']?\\s*|url\\(\\s*${QUOTE}?\\s*)cid:((?:[^"'\\s)>&]|&amp;)+)`,
  'gi',
);

/** The Content-ID a `cid:` URL names, lowercased as stored; percent-decoded when it decodes. */
function contentIdOf(ref: string): string {
  const raw = ref.replace(/&amp;/g, '&');
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    // Not valid percent-encoding (`cid:50%off`): the id as written.
    return raw.toLowerCase();
  }
}

/** The Content-IDs (lowercased) the sanitised HTML refers to with `cid:`. */
export function cidReferences(sanitized: string): Set<string> {
  return new Set([...sanitized.matchAll(CID_REF)].map((m) => contentIdOf(m[2]!)));
}

/**
 * A whole HTML document for the viewer's sandboxed iframe. `cid:` images become what
 * `cidUrl` gives for their lowercased Content-ID (a data: URL: the frame's opaque origin sends
 * no session cookie) or stay as written, which the CSP blocks; remote images load only when
 * `allowRemoteImages`.
 */
export function mailDocument(
  sanitized: string,
  opts: { allowRemoteImages: boolean; cidUrl: (contentId: string) => string | null },
): { html: string; csp: string } {
  const body = sanitized.replace(CID_REF, (whole, before: string, ref: string) => {
    const url = opts.cidUrl(contentIdOf(ref));
    return url === null ? whole : before + url;
  });
  const img = opts.allowRemoteImages ? "img-src 'self' data: https: http:" : "img-src 'self' data:";
  const csp = `default-src 'none'; ${img}; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'`;
  const html =
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<base target="_blank">' +
    '<style>body{font-family:system-ui,sans-serif;font-size:14px;margin:8px;word-wrap:break-word}img{max-width:100%;height:auto}</style>' +
    `</head><body>${body}</body></html>`;
  return { html, csp };
}
