  // the catalogue by department, searched on the server (both languages, without accents); an item
  // starts its request with the payload the chat's own catalogue buttons send
  let catSeq = 0;
  let catTimer = null;
  let startWhenReady = null;
  let startTimer = null;
  // a request the host page started: sent once the history (or a new conversation's greeting) has come in
  function startSoon() {
    if (!startWhenReady) return;
    clearTimeout(startTimer);
    startTimer = setTimeout(() => { const d = startWhenReady; startWhenReady = null; if (d) submit(d.title, d.payload); }, 300);
  }
  async function loadCatalogue() {
    const seq = ++catSeq;
    let body = null;
    try {
      const res = await fetch(api('catalogue?lang=' + locale + '&q=' + encodeURIComponent(catQ.value.trim())));
      if (res.ok) body = await res.json();
    } catch (e) { /* said below */ }
    if (seq !== catSeq) return;
    catList.replaceChildren();
    catNote.textContent = !body ? t.catalogueFailed : body.departments.length ? '' : t.catalogueNone;
    for (const d of body ? body.departments : []) {
      const h = el('h4', 'relevo-cat-dept');
      h.textContent = d.name;
      const ul = el('ul', 'relevo-cat-items', { 'aria-label': d.name });
      for (const i of d.items) {
        const b = el('button', 'relevo-cat-item', { type: 'button', 'data-payload': i.payload });
        const name = el('span', 'relevo-cat-name');
        name.textContent = i.title;
        const desc = el('span', 'relevo-cat-desc');
        desc.textContent = i.description + (i.approval ? ' · ' + t.catalogueApproval : '');
        b.append(name, desc);
        b.addEventListener('click', () => { closeCatalogue(); submit(i.title, i.payload); });
        const li = el('li');
        li.append(b);
        ul.append(li);
      }
      catList.append(h, ul);
    }
  }
  function openCatalogue() {
    panel.classList.add('relevo--browsing');
    cat.hidden = false;
    catQ.focus();
    loadCatalogue();
  }
  function closeCatalogue() {
    if (cat.hidden) return;
    cat.hidden = true;
    panel.classList.remove('relevo--browsing');
    input.focus();
  }
  catItem.addEventListener('click', () => { closeMenu(false); openCatalogue(); });
  catBack.addEventListener('click', closeCatalogue);
  catQ.addEventListener('input', () => { clearTimeout(catTimer); catTimer = setTimeout(loadCatalogue, 250); });
  cat.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); closeCatalogue(); } });
  // the host page's own catalogue starts a request here: dispatchEvent(new CustomEvent('relevo:request', {detail: {title, payload}}))
  window.addEventListener('relevo:request', (e) => {
    const d = e.detail || {};
    if (!/^form\.start:[\w.-]+$/.test(d.payload || '')) return;
    if (panel.hidden) openPanel();
    closeCatalogue();
    const title = String(d.title || '').slice(0, 200);
    if (ws && ws.readyState === 1) submit(title, d.payload); else startWhenReady = { title, payload: d.payload };
  });
