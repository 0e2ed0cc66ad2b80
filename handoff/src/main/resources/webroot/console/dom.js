// Small DOM helpers shared by the console's modules.
export const $ = (id) => document.getElementById(id);

/** An element with a class and a text: always text, never HTML. */
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
