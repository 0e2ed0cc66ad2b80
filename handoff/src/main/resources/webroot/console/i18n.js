// The console's language and its texts from the catalogue (texts.js): one place that knows both.
import { TEXTS, format } from './texts.js';

export { format };

let lang = localStorage.getItem('relevo.lang') || ((navigator.language || 'en').startsWith('es') ? 'es' : 'en');

/** The language the console shows (en or es). */
export const currentLang = () => lang;

/** Shows the console in {@code next} from now on, and remembers it. */
export function setLang(next) {
  lang = next;
  localStorage.setItem('relevo.lang', lang);
}

export const t = (k) => TEXTS[lang][k] ?? TEXTS.en[k] ?? k;
/** Whether the catalogue has a text for {@code key}. */
export const has = (k) => k in TEXTS[lang];
export const reasonText = (r) => TEXTS[lang]['reason.' + r] || r;
// a language's name, not its code ("es" reads as "Spanish")
export const langName = (code) => (code ? TEXTS[lang]['lang.' + code] || code : '');
export const queueLabel = (id) => format(t('queueOf'), id.length <= 3 ? id.toUpperCase() : id.charAt(0).toUpperCase() + id.slice(1));

/** The catalogue's text for {@code key}, or {@code code} itself when the catalogue has none. */
export function label(key, code) {
  const text = t(key);
  return text && text !== key ? text : code;
}

/** Puts the static texts of the page in the chosen language. */
export function translatePage() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach((n) => { n.textContent = t(n.dataset.t); });
  document.querySelectorAll('[data-t-placeholder]').forEach((n) => { n.placeholder = t(n.dataset.tPlaceholder); });
  document.querySelectorAll('[data-t-label]').forEach((n) => { n.setAttribute('aria-label', t(n.dataset.tLabel)); });
  document.querySelectorAll('[data-t-group]').forEach((n) => { n.label = t(n.dataset.tGroup); });
}
