/*
 * Relevo chat widget. Embed with one tag:
 *   <script src="https://relevo.example.com/widget.js" data-locale="auto" defer></script>
 * Options (data-*): locale (es | en | auto), title and greeting (each also per language: data-title-es,
 * data-greeting-en…), privacy-url (a link to the host's privacy notice), position (right | left),
 * color (#rrggbb), identity-token.
 * No dependencies, no inline code or styles (works under a strict Content-Security-Policy);
 * message text is always rendered as text, never as HTML.
 * Written as the files of webroot/widget/, served as this one script in the order WidgetScript.PARTS declares.
 */
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || window.__relevoWidget) return;
  window.__relevoWidget = true;

  const base = new URL('.', script.src);
  const data = script.dataset;
  const STORE = 'relevo.conversation';
  // every text, in both languages, from Relevo's one catalogue (texts_*.properties): the server
  // writes them in place of this marker when it serves the script
  const TEXT = {"@texts": "widget."};
  // {0}, {1}… are arguments; {0,plural,one|other} takes the form for a count (# is the count)
  const fmt = (pattern, ...args) => args.reduce((p, arg, i) => p
    .replace(new RegExp('\\{' + i + ',plural,([^|}]*)\\|([^}]*)\\}', 'g'), (m, one, other) => (arg === 1 ? one : other).replace(/#/g, arg))
    .split('{' + i + '}').join(arg), pattern);
  const asked = (data.locale || 'auto').toLowerCase();
  const locale = asked === 'es' || asked === 'en' ? asked
    : ((navigator.language || 'en').toLowerCase().startsWith('es') ? 'es' : 'en');
  const t = TEXT[locale];
  const scores = [1, 2, 3, 4, 5].map((n) => t['score.' + n]);
  // the host's own words, in the widget's language when the page gives them per language
  const hostText = (key) => data[key + locale.charAt(0).toUpperCase() + locale.slice(1)] || data[key] || '';
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const safeUrl = (u) => /^(\/(?!\/)|https:\/\/)/.test(u || '');

  const el = (tag, cls, attrs = {}) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };

  const css = el('link', null, { rel: 'stylesheet', href: new URL('widget.css', base).href });
  document.head.appendChild(css);
