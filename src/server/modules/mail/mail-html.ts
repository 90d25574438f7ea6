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

/** Sanitised HTML and whether it refers to remote (http/https) images. */
export function sanitizeMailHtml(html: string): { html: string; hasRemoteImages: boolean } {
  const clean = sanitizeHtml(html, OPTIONS);
  const hasRemoteImages =
    /<img\b[^>]*\bsrc\s*=\s*["']?\s*https?:/i.test(clean) || /url\(\s*["']?\s*https?:/i.test(clean);
  return { html: clean, hasRemoteImages };
}

/**
 * A whole HTML document for the viewer's sandboxed iframe. `cid:` images point at the letter's
 * stored inline attachments (`cidUrl`); remote images load only when `allowRemoteImages`.
 */
export function mailDocument(
  sanitized: string,
  opts: { allowRemoteImages: boolean; cidUrl: (contentId: string) => string | null },
): { html: string; csp: string } {
  const body = sanitized.replace(/\bcid:([^"'\s)>]+)/gi, (whole, id: string) => {
    const url = opts.cidUrl(decodeURIComponent(id));
    return url ?? whole;
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
