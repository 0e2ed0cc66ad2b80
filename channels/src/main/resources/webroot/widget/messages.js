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
