// The console's and the dashboard's texts, in English and Spanish, from Relevo's one catalogue
// (texts_*.properties): the server writes them in place of these markers when it serves this file.
export const TEXTS = {"@texts": "console."};
export const DASHBOARD_TEXTS = {"@texts": "dashboard."};

// {0}, {1}… are arguments; {0,plural,one|other} takes the form for a count (# is the count)
export const format = (pattern, ...args) => args.reduce((p, arg, i) => p
  .replace(new RegExp('\\{' + i + ',plural,([^|}]*)\\|([^}]*)\\}', 'g'), (m, one, other) => (arg === 1 ? one : other).replace(/#/g, arg))
  .split('{' + i + '}').join(arg), pattern);
