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

  let lastTypingSent = 0;
  input.addEventListener('input', () => {
    const now = Date.now();
    if (ws && ws.readyState === 1 && now - lastTypingSent > 2000) {
      lastTypingSent = now;
      ws.send('{"type":"typing"}');
    }
  });

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
