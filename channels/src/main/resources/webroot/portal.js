// The demo portal's service catalogue: browse and search it (GET /api/v1/catalogue, in the browser's
// language), and start a request in the Relevo widget with one click (the widget's 'relevo:request' event).
(() => {
  'use strict';
  const lang = (navigator.language || 'en').toLowerCase().startsWith('es') ? 'es' : 'en';
  const q = document.getElementById('catalogue-q');
  const list = document.getElementById('catalogue-list');
  const note = document.getElementById('catalogue-note');
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; };
  let seq = 0;
  let timer = null;

  async function load() {
    const mine = ++seq;
    let body = null;
    try {
      const res = await fetch('/api/v1/catalogue?lang=' + lang + '&q=' + encodeURIComponent(q.value.trim()));
      if (res.ok) body = await res.json();
    } catch (e) { /* said below */ }
    if (mine !== seq) return;
    list.replaceChildren();
    note.textContent = !body ? 'The catalogue is not available right now.'
      : body.departments.length ? '' : 'Nothing matches. Try other words, or ask the assistant.';
    for (const d of body ? body.departments : []) {
      const box = el('article', 'topic catalogue-dept');
      box.append(el('h3', null, d.name));
      const ul = el('ul');
      for (const i of d.items) {
        const li = el('li');
        const b = el('button', 'catalogue-item');
        b.type = 'button';
        b.dataset.payload = i.payload;
        b.append(el('span', 'catalogue-name', i.title), el('span', 'catalogue-desc', i.description));
        b.addEventListener('click', () => window.dispatchEvent(new CustomEvent('relevo:request', { detail: { title: i.title, payload: i.payload } })));
        li.append(b);
        ul.append(li);
      }
      box.append(ul);
      list.append(box);
    }
  }

  q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  load();
})();
