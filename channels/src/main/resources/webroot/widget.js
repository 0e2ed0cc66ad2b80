/*
 * Relevo chat widget. Embed with one tag:
 *   <script src="https://relevo.example.com/widget.js" data-locale="auto" defer></script>
 * Options (data-*): locale (es | en | auto), title and greeting (each also per language: data-title-es,
 * data-greeting-en…), privacy-url (a link to the host's privacy notice), position (right | left),
 * color (#rrggbb), identity-token.
 * No dependencies, no inline code or styles (works under a strict Content-Security-Policy);
 * message text is always rendered as text, never as HTML.
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

  // the widget's own language, whatever the page's: screen readers read it with the right voice
  const root = el('div', 'relevo' + (data.position === 'left' ? ' relevo--left' : ''), { lang: locale });
  if (/^#[0-9a-f]{6}$/i.test(data.color || '')) root.style.setProperty('--relevo-accent', data.color);
  const launcher = el('button', 'relevo-launcher', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'relevo-panel' });
  const launcherLabel = el('span', 'relevo-launcher-label');
  launcherLabel.textContent = t.open;
  const badge = el('span', 'relevo-badge', { hidden: '' });
  launcher.append(launcherLabel, badge);

  const panel = el('section', 'relevo-panel', { id: 'relevo-panel', role: 'dialog', 'aria-labelledby': 'relevo-title', hidden: '' });
  const header = el('header', 'relevo-header');
  const title = el('h2', 'relevo-title', { id: 'relevo-title' });
  title.textContent = hostText('title') || t.title;
  // always there, whatever the bot last said: a person is one click away
  const personBtn = el('button', 'relevo-person', { type: 'button' });
  personBtn.textContent = t.person;
  const moreBtn = el('button', 'relevo-more', { type: 'button', 'aria-label': t.more, 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': 'relevo-menu' });
  moreBtn.textContent = '⋮';
  const closeBtn = el('button', 'relevo-close', { type: 'button', 'aria-label': t.close });
  closeBtn.textContent = '×';
  const menu = el('div', 'relevo-menu', { id: 'relevo-menu', role: 'menu', 'aria-label': t.more, hidden: '' });
  const saveItem = el('button', 'relevo-menuitem relevo-save', { type: 'button', role: 'menuitem', tabindex: '-1' });
  saveItem.textContent = t.save;
  const endItem = el('button', 'relevo-menuitem relevo-end', { type: 'button', role: 'menuitem', tabindex: '-1' });
  endItem.textContent = t.endChat;
  const catItem = el('button', 'relevo-menuitem relevo-cat-open', { type: 'button', role: 'menuitem', tabindex: '-1' });
  catItem.textContent = t.catalogue;
  menu.append(saveItem, catItem, endItem);
  header.append(title, personBtn, moreBtn, closeBtn, menu);
  const notice = el('p', 'relevo-notice', { role: 'status', hidden: '' });
  const log = el('ol', 'relevo-log', { 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0', 'aria-label': title.textContent });
  // the host's welcome and privacy notice: first in the conversation's scroll, not part of the transcript
  const intro = el('li', 'relevo-intro');
  const greeting = hostText('greeting').slice(0, 300);
  if (greeting) {
    const p = el('p', 'relevo-greeting');
    p.textContent = greeting;
    intro.append(p);
  }
  const privacyUrl = hostText('privacyUrl');
  if (safeUrl(privacyUrl)) {
    const a = el('a', 'relevo-privacy', { href: new URL(privacyUrl, document.baseURI).href, target: '_blank', rel: 'noopener noreferrer' });
    a.textContent = t.privacy;
    intro.append(a);
  }
  const clearLog = () => { log.replaceChildren(); if (intro.childNodes.length) log.append(intro); };
  const typing = el('p', 'relevo-typing', { 'aria-live': 'polite' });
  const quick = el('div', 'relevo-quick', { role: 'group' });
  const form = el('form', 'relevo-form');
  const label = el('label', 'relevo-sr', { for: 'relevo-input' });
  label.textContent = t.input;
  const input = el('input', 'relevo-input', { id: 'relevo-input', type: 'text', autocomplete: 'off', maxlength: '4000', placeholder: t.input });
  const send = el('button', 'relevo-send', { type: 'submit' });
  send.textContent = t.send;
  form.append(label, input, send);
  const ended = el('div', 'relevo-ended', { role: 'status', hidden: '' });
  const endedText = el('p', 'relevo-ended-text');
  endedText.textContent = t.ended;
  const again = el('button', 'relevo-again', { type: 'button' });
  again.textContent = t.again;
  const rating = el('div', 'relevo-rating', { role: 'group', 'aria-label': t.rate });
  const ratingText = el('p', 'relevo-rating-text');
  ratingText.textContent = t.rate;
  rating.append(ratingText);
  scores.forEach((label, i) => {
    const b = el('button', 'relevo-chip relevo-score', { type: 'button', 'data-score': String(i + 1) });
    b.textContent = label;
    rating.append(b);
  });
  ended.append(endedText, rating, again);
  // "end it?" asked in the panel, not in a browser dialog
  const confirmEnd = el('div', 'relevo-confirm', { role: 'group', 'aria-labelledby': 'relevo-confirm-text', hidden: '' });
  const confirmText = el('p', 'relevo-confirm-text', { id: 'relevo-confirm-text' });
  confirmText.textContent = t.endAsk;
  const confirmYes = el('button', 'relevo-confirm-yes', { type: 'button' });
  confirmYes.textContent = t.endYes;
  const confirmNo = el('button', 'relevo-chip relevo-confirm-no', { type: 'button' });
  confirmNo.textContent = t.cancel;
  confirmEnd.append(confirmText, confirmYes, confirmNo);
  // the service catalogue, browsed and searched in the panel in place of the conversation
  const cat = el('div', 'relevo-cat', { role: 'region', 'aria-labelledby': 'relevo-cat-title', hidden: '' });
  const catTitle = el('h3', 'relevo-cat-title', { id: 'relevo-cat-title' });
  catTitle.textContent = t.catalogue;
  const catBack = el('button', 'relevo-cat-back', { type: 'button' });
  catBack.textContent = t.catalogueBack;
  const catLabel = el('label', 'relevo-sr', { for: 'relevo-cat-q' });
  catLabel.textContent = t.catalogueSearch;
  const catQ = el('input', 'relevo-cat-q', { id: 'relevo-cat-q', type: 'search', autocomplete: 'off', maxlength: '200', placeholder: t.catalogueSearch });
  const catNote = el('p', 'relevo-cat-note', { role: 'status' });
  const catList = el('div', 'relevo-cat-list');
  cat.append(catTitle, catBack, catLabel, catQ, catNote, catList);
  panel.append(header, notice, cat, log, typing, quick, confirmEnd, ended, form);
  clearLog();
  root.append(panel, launcher);

  let conv = load();
  let ws = null;
  let opened = false;          // the panel has been opened on this page
  let retries = 0;
  let lastRendered = null;     // id of the newest message shown on this page
  let unread = 0;
  let withPerson = false;      // an agent has the conversation, or it waits for one
  const shown = new Set();
  const pending = new Map();   // clientMessageId -> { frame, node }
  const delivered = new Map(); // message id -> { frame, node } of the person's own recent messages

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || null; } catch (e) { return null; }
  }
  function save() {
    try { localStorage.setItem(STORE, JSON.stringify(conv)); } catch (e) { /* private mode */ }
  }
  const api = (path) => new URL('api/v1/' + path, base).href;
  const uuid = () => (crypto.randomUUID ? crypto.randomUUID()
    : Date.now().toString(36) + Math.random().toString(36).slice(2));

  async function ensureConversation() {
    if (conv && conv.id && conv.token) return conv;
    const res = await fetch(api('conversations'), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data.identityToken ? { locale, identityToken: data.identityToken } : { locale })
    });
    if (!res.ok) throw new Error('create ' + res.status);
    const body = await res.json();
    conv = { id: body.conversationId, token: body.token, open: true };
    save();
    return conv;
  }

  function connect() {
    if (ws || !conv) return;
    const url = new URL(api('conversations/' + encodeURIComponent(conv.id) + '/ws'));
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', conv.token);
    if (lastRendered) url.searchParams.set('after', lastRendered);
    let wasOpen = false;
    ws = new WebSocket(url.href);
    ws.onopen = () => {
      wasOpen = true;
      retries = 0;
      setOffline(false);
      for (const p of pending.values()) ws.send(JSON.stringify(p.frame)); // the server drops duplicates
      startSoon();
    };
    ws.onmessage = (ev) => {
      let f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      if (f.type === 'message' && f.message) {
        render(f.message);
        startSoon();
      }
      else if (f.type === 'typing') showTyping(f.name);
      else if (f.type === 'queue') { withPerson = true; stopThinking(); typing.textContent = fmt(t.position, f.position, Math.max(1, f.estimatedWaitMinutes)); }
      else if (f.type === 'error') onError(f);
      else if (f.type === 'retract') retract(f.after || null);
      else if (f.type === 'closed') end();
    };
    ws.onclose = async () => {
      ws = null;
      if (!wasOpen && !(await conversationUsable())) {
        conv = null; save(); lastRendered = null; shown.clear(); clearLog(); quick.replaceChildren();
        try { await ensureConversation(); } catch (e) { /* retried below */ }
      }
      setOffline(true);
      const delay = Math.min(15000, 500 * 2 ** retries++) * (0.75 + Math.random() / 2);
      setTimeout(connect, delay);
    };
  }

  async function conversationUsable() {
    if (!conv) return false;
    try {
      const res = await fetch(api('conversations/' + encodeURIComponent(conv.id) + '/messages?limit=1'),
        { headers: { Authorization: 'Bearer ' + conv.token } });
      return !(res.status === 401 || res.status === 403 || res.status === 404);
    } catch (e) {
      return true; // offline: keep the conversation and retry
    }
  }

  function setOffline(off) {
    notice.textContent = off ? t.offline : '';
    notice.hidden = !off;
  }

  function authorName(m) {
    if (m.role === 'customer') return t.you;
    if (m.author && m.author.name) return m.author.name;
    return m.role === 'agent' ? t.agent : t.bot;
  }

  // a message's text as text, never as HTML: "- " and "1. " lines become lists, http(s) addresses links
  function richText(text) {
    const body = el('div', 'relevo-text');
    let list = null;
    let para = null;
    for (const line of text.split('\n')) {
      const item = /^\s*(?:[-•*]|(\d{1,3})[.)])\s+(.*)$/.exec(line);
      if (item) {
        const kind = item[1] ? 'ol' : 'ul';
        if (!list || list.tagName.toLowerCase() !== kind) { list = el(kind, 'relevo-list'); body.append(list); }
        const li = el('li');
        linkify(li, item[2]);
        list.append(li);
        para = null;
      } else {
        list = null;
        if (!para) { para = el('p', 'relevo-para'); body.append(para); } else { para.append('\n'); }
        linkify(para, line);
      }
    }
    return body;
  }

  function linkify(node, text) {
    const url = /\bhttps?:\/\/[^\s<>"]+/g;
    let at = 0;
    for (let m; (m = url.exec(text));) {
      let href = m[0].replace(/[.,;:!?)\]]+$/, '');
      node.append(text.slice(at, m.index));
      const a = el('a', 'relevo-inline-link', { href, target: '_blank', rel: 'noopener noreferrer' });
      a.textContent = href;
      node.append(a);
      at = m.index + href.length;
      url.lastIndex = at;
    }
    node.append(text.slice(at));
  }

  function stamp(li, ts) {
    const d = ts ? new Date(ts) : new Date();
    if (isNaN(d)) return;
    const time = li.querySelector('.relevo-time');
    time.setAttribute('datetime', d.toISOString());
    time.textContent = clock.format(d);
  }

  function bubble(role, text, who, ts) {
    const li = el('li', 'relevo-msg relevo-msg--' + role);
    const meta = el('div', 'relevo-meta');
    const name = el('span', 'relevo-author');
    name.textContent = who;
    meta.append(name, el('time', 'relevo-time'));
    li.append(meta, richText(text));
    stamp(li, ts);
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    return li;
  }

  function render(m) {
    if (shown.has(m.id)) return;
    shown.add(m.id);
    lastRendered = m.id;
    const mine = m.clientMessageId && pending.get(m.clientMessageId);
    if (mine) {
      pending.delete(m.clientMessageId);
      mine.node.classList.remove('relevo-msg--sending');
      mine.node.removeAttribute('aria-busy');
      mine.node.dataset.id = m.id;
      stamp(mine.node, m.ts);
      delivered.set(m.id, mine);
      if (delivered.size > 50) delivered.delete(delivered.keys().next().value);
      return;
    }
    const li = bubble(m.role === 'customer' ? 'customer' : m.role, m.text || '', authorName(m), m.ts);
    li.dataset.id = m.id;
    for (const link of m.links || []) {
      // only site-relative paths and https: never javascript: or data: URLs. Paths are Relevo's, not the host page's
      if (!/^(\/(?!\/)|https:\/\/)/.test(link.url || '')) continue;
      const a = el('a', 'relevo-link', { href: new URL(link.url, base).href, target: '_blank', rel: 'noopener noreferrer' });
      a.textContent = link.title || link.url;
      li.appendChild(a);
    }
    if (m.role !== 'customer') {
      stopThinking();
      if (m.role === 'agent') { typing.textContent = ''; withPerson = true; }
      if (m.role === 'bot') withPerson = false;
      showQuickReplies(m.quickReplies || []);
      if (panel.hidden) { unread++; updateBadge(); }
    } else {
      quick.replaceChildren();
    }
  }

  // ids are "millis-sequence": compared as numbers
  function idAfter(a, b) {
    if (b === null) return true;
    const [am, as] = a.split('-').map(Number);
    const [bm, bs] = b.split('-').map(Number);
    return am !== bm ? am > bm : (as || 0) > (bs || 0);
  }

  // a Redis crash lost what came after `after` before it was stored: show it no more, send ours again
  function retract(after) {
    for (const li of Array.from(log.querySelectorAll('li[data-id]'))) {
      const id = li.dataset.id;
      if (!idAfter(id, after)) continue;
      shown.delete(id);
      delete li.dataset.id;
      const mine = delivered.get(id);
      delivered.delete(id);
      if (mine) {
        li.classList.add('relevo-msg--sending');
        li.setAttribute('aria-busy', 'true');
        pending.set(mine.frame.clientMessageId, mine);
        if (ws && ws.readyState === 1) ws.send(JSON.stringify(mine.frame));
      } else {
        li.remove();
        quick.replaceChildren();
      }
    }
    lastRendered = after;
  }

  // while the bot works on an answer; not while a person is on the other side (they type, or not)
  let thinkingTimer = null;
  function think() {
    if (withPerson) return;
    typing.textContent = t.thinking;
    typing.classList.add('relevo-typing--thinking');
    clearTimeout(thinkingTimer);
    thinkingTimer = setTimeout(stopThinking, 20000);
  }
  function stopThinking() {
    clearTimeout(thinkingTimer);
    if (typing.classList.contains('relevo-typing--thinking')) {
      typing.classList.remove('relevo-typing--thinking');
      typing.textContent = '';
    }
  }

  let typingTimer = null;
  function showTyping(name) {
    stopThinking();
    typing.textContent = fmt(t.typing, name || t.agent);
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typing.textContent = ''; }, 4000);
  }

  let lastTypingSent = 0;
  input.addEventListener('input', () => {
    const now = Date.now();
    if (ws && ws.readyState === 1 && now - lastTypingSent > 2000) {
      lastTypingSent = now;
      ws.send('{"type":"typing"}');
    }
  });

  function showQuickReplies(replies) {
    quick.replaceChildren();
    for (const q of replies) {
      const b = el('button', 'relevo-chip', { type: 'button' });
      b.textContent = q.label;
      b.addEventListener('click', () => submit(q.label, q.payload));
      quick.appendChild(b);
    }
    log.scrollTop = log.scrollHeight; // the row took room from the conversation: keep its newest message in view
  }

  function onError(f) {
    const p = f.clientMessageId && pending.get(f.clientMessageId);
    if (p) {
      p.node.classList.add('relevo-msg--failed');
      p.node.querySelector('.relevo-author').textContent = t.you + ' · ' + (f.error && f.error.code === 'rate_limited' ? t.failed : t.error);
      if (f.error && f.error.code === 'conversation_closed') end();
      else if (f.retryAfterMs == null) pending.delete(f.clientMessageId); // final: sending it again changes nothing
      else setTimeout(() => { if (pending.has(f.clientMessageId) && ws && ws.readyState === 1) ws.send(JSON.stringify(p.frame)); }, f.retryAfterMs || 2000);
    }
  }

  // the conversation is over: nothing more can be sent to it; a new one is one click away
  function end() {
    for (const p of pending.values()) p.node.classList.add('relevo-msg--failed');
    pending.clear();
    quick.replaceChildren();
    stopThinking();
    typing.textContent = '';
    input.disabled = true;
    personBtn.disabled = true;
    send.disabled = true;
    endItem.disabled = true;
    confirmEnd.hidden = true;
    showRating();
    ended.hidden = false;
    if (conv && !conv.ended) { conv.ended = true; save(); }
    if (!panel.hidden) again.focus();
  }

  again.addEventListener('click', async () => {
    const old = ws;
    ws = null;
    if (old) { old.onclose = null; old.close(); }
    conv = null; save(); lastRendered = null; shown.clear(); delivered.clear();
    clearLog(); quick.replaceChildren();
    ended.hidden = true;
    input.disabled = false;
    send.disabled = false;
    personBtn.disabled = false;
    endItem.disabled = false;
    withPerson = false;
    input.focus();
    try {
      await ensureConversation();
      connect();
    } catch (e) {
      setOffline(true);
    }
  });

  function submit(text, payload) {
    text = (text || '').trim();
    if (!text || input.disabled) return;
    const cmid = uuid();
    const frame = payload ? { type: 'postback', payload, text, clientMessageId: cmid } : { type: 'message', text, clientMessageId: cmid };
    const node = bubble('customer', text, t.you);
    node.classList.add('relevo-msg--sending');
    node.setAttribute('aria-busy', 'true');
    pending.set(cmid, { frame, node });
    quick.replaceChildren();
    think();
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(frame));
  }

  function updateBadge() {
    badge.hidden = unread === 0;
    badge.textContent = unread > 9 ? '9+' : String(unread);
    launcher.setAttribute('aria-label', unread ? t.open + ' (' + fmt(t.unread, unread) + ')' : t.open);
  }

  async function openPanel() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    root.classList.add('relevo--open');
    unread = 0;
    updateBadge();
    input.focus();
    if (conv) { conv.open = true; save(); }
    if (!opened) {
      opened = true;
      try {
        await ensureConversation();
        connect();
      } catch (e) {
        setOffline(true);
        opened = false;
      }
    }
  }

  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    root.classList.remove('relevo--open');
    if (conv) { conv.open = false; save(); }
    launcher.focus();
  }

  // a plain-text copy of what is on screen, saved by the browser: nothing leaves the page
  function saveCopy() {
    const lines = [fmt(t.at, new Date().toLocaleString(locale)), ''];
    for (const li of log.querySelectorAll('.relevo-msg')) {
      const time = li.querySelector('.relevo-time');
      const who = li.querySelector('.relevo-author').textContent;
      lines.push((time && time.textContent ? '[' + time.textContent + '] ' : '') + who + ':');
      lines.push(li.querySelector('.relevo-text').innerText.trim());
      for (const a of li.querySelectorAll('.relevo-link')) lines.push(a.textContent + ' <' + a.href + '>');
      lines.push('');
    }
    const url = URL.createObjectURL(new Blob([lines.join('\n')], { type: 'text/plain;charset=utf-8' }));
    const a = el('a', null, { href: url, download: t.file + '-' + new Date().toISOString().slice(0, 10) + '.txt' });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function openMenu() {
    menu.hidden = false;
    moreBtn.setAttribute('aria-expanded', 'true');
    menu.querySelector('[role=menuitem]').focus();
  }
  function closeMenu(focusButton) {
    if (menu.hidden) return;
    menu.hidden = true;
    moreBtn.setAttribute('aria-expanded', 'false');
    if (focusButton) moreBtn.focus();
  }
  moreBtn.addEventListener('click', () => (menu.hidden ? openMenu() : closeMenu(true)));
  menu.addEventListener('keydown', (e) => {
    const items = Array.from(menu.querySelectorAll('[role=menuitem]'));
    const i = items.indexOf(document.activeElement);
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); closeMenu(true); }
    else if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length].focus(); }
    else if (e.key === 'Tab') closeMenu(false);
  });
  document.addEventListener('click', (e) => { if (!menu.contains(e.target) && e.target !== moreBtn) closeMenu(false); });
  saveItem.addEventListener('click', () => { closeMenu(true); saveCopy(); });
  endItem.addEventListener('click', () => { closeMenu(false); confirmEnd.hidden = false; confirmYes.focus(); });
  confirmNo.addEventListener('click', () => { confirmEnd.hidden = true; input.focus(); });
  confirmEnd.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); confirmNo.click(); } });
  confirmYes.addEventListener('click', async () => {
    confirmYes.disabled = true;
    try {
      const res = await fetch(api('conversations/' + encodeURIComponent(conv.id) + '/end'),
        { method: 'POST', headers: { Authorization: 'Bearer ' + conv.token } });
      if (res.ok) end(); else setOffline(true);
    } catch (e) {
      setOffline(true);
    } finally {
      confirmYes.disabled = false;
    }
  });

  function showRating() {
    const done = conv && conv.rated;
    for (const b of rating.querySelectorAll('button')) b.hidden = !!done;
    ratingText.textContent = done ? t.rated : t.rate;
  }
  rating.addEventListener('click', async (e) => {
    const b = e.target.closest('.relevo-score');
    if (!b || !conv) return;
    try {
      const res = await fetch(api('conversations/' + encodeURIComponent(conv.id) + '/rating'), {
        method: 'POST', headers: { Authorization: 'Bearer ' + conv.token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ score: Number(b.dataset.score) })
      });
      if (res.ok || res.status === 409) { conv.rated = true; save(); showRating(); again.focus(); }
    } catch (err) {
      setOffline(true);
    }
  });
  personBtn.addEventListener('click', () => { submit(t.person, 'handoff.request'); input.focus(); });

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

  // when the panel covers the whole screen (a phone, or a page zoomed in), focus stays inside it
  const fullScreen = window.matchMedia('(max-width: 480px), (max-height: 560px)');
  const syncModal = () => { if (fullScreen.matches) panel.setAttribute('aria-modal', 'true'); else panel.removeAttribute('aria-modal'); };
  syncModal();
  if (fullScreen.addEventListener) fullScreen.addEventListener('change', syncModal);
  panel.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || !fullScreen.matches) return;
    const focusable = Array.from(panel.querySelectorAll('button, input, a[href], [tabindex="0"]'))
      .filter((x) => !x.disabled && x.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && (document.activeElement === first || !panel.contains(document.activeElement))) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && (document.activeElement === last || !panel.contains(document.activeElement))) { e.preventDefault(); first.focus(); }
  });

  launcher.addEventListener('click', () => (panel.hidden ? openPanel() : closePanel()));
  closeBtn.addEventListener('click', closePanel);
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); closePanel(); } });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit(input.value);
    input.value = '';
    input.focus();
  });

  const mount = () => {
    document.body.appendChild(root);
    updateBadge();
    if (conv && conv.open) openPanel();
    else if (conv) { opened = true; connect(); }   // keep counting unread replies while closed
  };
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
