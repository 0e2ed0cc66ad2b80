// Relevo agent console: REST for actions, one WebSocket for everything pushed. No build step.
const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem('relevo.agent'), agent: null, ws: null, retries: 0,
  active: null, convs: new Map(), queues: [], known: new Set(), claiming: new Set(), contextSeq: 0 };

const TEXTS = {
  en: {
  "reason.asked_for_person": "Asked for a person",
  "reason.not_helped": "Answers did not help (twice)",
  "reason.not_understood": "The bot did not understand (twice)",
  "reason.frustration": "Frustrated or angry",
  "reason.account_locked": "Locked account",
  "reason.critical": "Critical incident",
  "signinFailed": "Sign-in failed.",
  "reconnecting": "Connection lost. Reconnecting…",
  "claim": "Claim",
  "claimLabel": "Claim: ",
  "title": "Relevo · Agent console",
  "newWaiting": "New conversation waiting",
  "open": "Open",
  "conversation": "Conversation ",
  "ctx.reason": "Reason",
  "lang.es": "Spanish",
  "lang.en": "English",
  "ctx.channel": "Channel",
  "ctx.queue": "Queue",
  "ctx.language": "Language",
  "ctx.intent": "Last intent",
  "ctx.decision": "Bot's last decision",
  "ctx.articles": "Articles shown",
  "ctx.tickets": "Tickets",
  "channel.web": "Website",
  "useArticle": "Put a link to this article in the reply",
  "noSuggestions": "None for the last question.",
  "newConversation": "New conversation",
  "assigned": "New conversation assigned to you.",
  "person": "Person",
  "agent": "Agent",
  "note": "Note",
  "article": "Article: ",
  "typing": "The person is typing…",
  "resolution": "Resolution (what was done)?",
  "resolved": "Resolved",
  "transferred": "Transferred",
  "queueOf": "{q} queue",
  "waiting": " waiting",
  "offline": " (offline)",
  "h.subtitle": "agent console",
  "h.away": "Away",
  "h.signout": "Sign out",
  "h.analytics": "Analytics",
  "h.signin": "Sign in",
  "h.username": "User name",
  "h.password": "Password",
  "h.waiting": "Waiting",
  "h.mine": "My conversations",
  "h.team": "Team",
  "h.empty": "Claim a conversation from the queue to start.",
  "h.transferTo": "Transfer to",
  "h.transferPick": "Transfer to…",
  "h.queueIt": "IT queue",
  "h.queueHr": "HR queue",
  "h.queueFacilities": "Facilities queue",
  "h.queueGeneral": "General queue",
  "h.transfer": "Transfer",
  "h.toBot": "Return to bot",
  "h.close": "Close…",
  "h.transcript": "Transcript",
  "h.context": "Context",
  "h.suggested": "Suggested articles",
  "h.canned": "Canned responses",
  "h.cannedPlaceholder": "Search (e.g. password, greeting)",
  "h.replyLabel": "Reply to the person",
  "h.replyPlaceholder": "Reply to the person (Enter sends, Shift+Enter: new line)",
  "h.note": "Internal note",
  "h.send": "Send",
  "h.language": "Language",
  "h.nav": "Queues and conversations"
  },
  es: {
  "reason.asked_for_person": "Pidió una persona",
  "reason.not_helped": "Las respuestas no ayudaron (dos veces)",
  "reason.not_understood": "El bot no entendió (dos veces)",
  "reason.frustration": "Frustración o enfado",
  "reason.account_locked": "Cuenta bloqueada",
  "reason.critical": "Incidencia crítica",
  "signinFailed": "No se pudo iniciar sesión.",
  "reconnecting": "Conexión perdida. Reconectando…",
  "claim": "Atender",
  "claimLabel": "Atender: ",
  "title": "Relevo · Consola de agentes",
  "newWaiting": "Nueva conversación en espera",
  "open": "Abrir",
  "conversation": "Conversación ",
  "ctx.reason": "Motivo",
  "lang.es": "Español",
  "lang.en": "Inglés",
  "ctx.channel": "Canal",
  "ctx.queue": "Cola",
  "ctx.language": "Idioma",
  "ctx.intent": "Última intención",
  "ctx.decision": "Última decisión del bot",
  "ctx.articles": "Artículos mostrados",
  "ctx.tickets": "Tickets",
  "channel.web": "Sitio web",
  "useArticle": "Poner un enlace a este artículo en la respuesta",
  "noSuggestions": "Ninguno para la última pregunta.",
  "newConversation": "Nueva conversación",
  "assigned": "Se te ha asignado una conversación nueva.",
  "person": "Persona",
  "agent": "Agente",
  "note": "Nota",
  "article": "Artículo: ",
  "typing": "La persona está escribiendo…",
  "resolution": "¿Resolución (qué se hizo)?",
  "resolved": "Resuelto",
  "transferred": "Transferida",
  "queueOf": "Cola {q}",
  "waiting": " en espera",
  "offline": " (desconectado)",
  "h.subtitle": "consola de agentes",
  "h.away": "Ausente",
  "h.signout": "Cerrar sesión",
  "h.analytics": "Analítica",
  "h.signin": "Iniciar sesión",
  "h.username": "Usuario",
  "h.password": "Contraseña",
  "h.waiting": "En espera",
  "h.mine": "Mis conversaciones",
  "h.team": "Equipo",
  "h.empty": "Atiende una conversación de la cola para empezar.",
  "h.transferTo": "Transferir a",
  "h.transferPick": "Transferir a…",
  "h.queueIt": "Cola de IT",
  "h.queueHr": "Cola de RR. HH.",
  "h.queueFacilities": "Cola de instalaciones",
  "h.queueGeneral": "Cola general",
  "h.transfer": "Transferir",
  "h.toBot": "Devolver al bot",
  "h.close": "Cerrar…",
  "h.transcript": "Transcripción",
  "h.context": "Contexto",
  "h.suggested": "Artículos sugeridos",
  "h.canned": "Respuestas predefinidas",
  "h.cannedPlaceholder": "Buscar (p. ej. contraseña, saludo)",
  "h.replyLabel": "Responder a la persona",
  "h.replyPlaceholder": "Responder a la persona (Intro envía, Mayús+Intro: nueva línea)",
  "h.note": "Nota interna",
  "h.send": "Enviar",
  "h.language": "Idioma",
  "h.nav": "Colas y conversaciones"
  }
};
let lang = localStorage.getItem('relevo.lang') || ((navigator.language || 'en').startsWith('es') ? 'es' : 'en');
const t = (k) => TEXTS[lang][k] ?? TEXTS.en[k] ?? k;
const reasonText = (r) => TEXTS[lang]['reason.' + r] || r;
// a language's name, not its code ("es" reads as "Spanish")
const langName = (code) => (code ? TEXTS[lang]['lang.' + code] || code : '');
const queueLabel = (id) => t('queueOf').replace('{q}', id.length <= 3 ? id.toUpperCase() : id.charAt(0).toUpperCase() + id.slice(1));

/** Puts the static texts of the page in the chosen language. */
function translatePage() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach((n) => { n.textContent = t(n.dataset.t); });
  document.querySelectorAll('[data-t-placeholder]').forEach((n) => { n.placeholder = t(n.dataset.tPlaceholder); });
  document.querySelectorAll('[data-t-label]').forEach((n) => { n.setAttribute('aria-label', t(n.dataset.tLabel)); });
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text; // always text, never HTML
  return e;
}

async function api(method, path, body) {
  const res = await fetch('/api/v1/' + path, {
    method,
    headers: { Authorization: 'Bearer ' + state.token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  });
  if (res.status === 401) { signOut(); throw new Error('signed out'); }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new Error((data && data.error && data.error.message) || res.statusText);
  return data;
}

function status(text) {
  $('status').textContent = text;
  if (text) setTimeout(() => { if ($('status').textContent === text) $('status').textContent = ''; }, 4000);
}

async function signIn(e) {
  e.preventDefault();
  $('signin-error').hidden = true;
  const res = await fetch('/api/v1/agents/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: $('username').value.trim(), password: $('password').value })
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    $('signin-error').textContent = (data.error && data.error.message) || t('signinFailed');
    $('signin-error').hidden = false;
    $('password').focus();
    return;
  }
  state.token = data.token;
  sessionStorage.setItem('relevo.agent', data.token);
  $('password').value = '';
  start();
}

function signOut() {
  sessionStorage.removeItem('relevo.agent');
  state.token = null;
  if (state.ws) { state.ws.onclose = null; state.ws.close(); }
  $('desk').hidden = true; $('signin').hidden = false; $('who').hidden = true; $('signout').hidden = true;
  $('username').focus();
}

async function start() {
  try {
    state.agent = await api('GET', 'agents/me');
  } catch (e) {
    return;
  }
  $('signin').hidden = true; $('desk').hidden = false;
  $('who').textContent = state.agent.name + ' · ' + state.agent.roles.join(', ');
  $('who').hidden = false; $('signout').hidden = false; $('away-label').hidden = false;
  connect();
  if (state.agent.roles.includes('supervisor') || state.agent.roles.includes('admin')) {
    $('supervisor').hidden = false;
    $('dashboard-link').hidden = false;
    refreshTeam();
    setInterval(refreshTeam, 10000);
  }
}

async function refreshTeam() {
  try {
    const o = await api('GET', 'supervisor/overview');
    const list = $('team');
    list.replaceChildren();
    for (const q of o.queues) {
      const li = el('li', 'team-row');
      li.append(el('span', null, queueLabel(q.id)), el('span', null, q.waiting + t('waiting')));
      list.appendChild(li);
    }
    for (const a of o.agents) {
      const li = el('li', 'team-row');
      const name = el('span');
      name.append(el('span', 'dot' + (a.online ? ' on' : '')), document.createTextNode(a.name + (a.online ? '' : t('offline'))));
      li.append(name, el('span', null, a.conversations + ' / ' + a.capacity));
      list.appendChild(li);
    }
  } catch (e) { /* shown on the next try */ }
}

async function searchCanned() {
  if (!state.active) return;
  const c = state.convs.get(state.active);
  const lang = (c.info && c.info.locale) || 'en';
  try {
    const r = await api('GET', 'canned?lang=' + lang + '&q=' + encodeURIComponent($('canned-q').value));
    const list = $('canned-list');
    list.replaceChildren();
    for (const item of r.responses.slice(0, 12)) {
      const li = el('li');
      const b = el('button', 'ghost', item.title);
      b.type = 'button';
      b.title = item.text;
      b.addEventListener('click', () => { $('reply').value = item.text; $('reply').focus(); });
      li.appendChild(b);
      list.appendChild(li);
    }
  } catch (e) { status(e.message); }
}

function connect() {
  const url = new URL('/api/v1/agents/ws', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', state.token);
  const ws = new WebSocket(url.href);
  state.ws = ws;
  ws.onopen = () => { state.retries = 0; status(''); };
  ws.onmessage = (ev) => onFrame(JSON.parse(ev.data));
  ws.onclose = () => {
    if (!state.token) return;
    status(t('reconnecting'));
    setTimeout(connect, Math.min(15000, 500 * 2 ** state.retries++));
  };
}

function onFrame(f) {
  switch (f.type) {
    case 'queues': state.queues = f.queues; renderQueues(); renderTransferTargets(); break;
    case 'conversation':
      // one this agent is claiming here is no news to her
      if (!state.convs.has(f.conversationId) && !state.claiming.has(f.conversationId)) notifyNew();
      openConversation(f.conversationId, f.messages);
      break;
    case 'message': addMessage(f.conversationId, f.message); break;
    case 'typing': showTyping(f.conversationId); break;
    case 'state':
      if (f.state !== 'agent') dropConversation(f.conversationId);
      break;
    default: break;
  }
}

/** The transfer menu lists the configured queues. */
function renderTransferTargets() {
  const select = $('transfer-to');
  const have = new Set([...select.options].map((o) => o.value));
  for (const q of state.queues) {
    if (!have.has('queue:' + q.id)) {
      const o = el('option', null, queueLabel(q.id));
      o.value = 'queue:' + q.id;
      select.appendChild(o);
    }
  }
}

function minutesSince(iso) {
  return Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60000));
}

function renderQueues() {
  const list = $('queues');
  list.replaceChildren();
  let count = 0;
  let fresh = false;
  for (const q of state.queues) {
    for (const w of q.waiting) {
      count++;
      const li = el('li', 'item');
      if (!state.known.has(w.conversationId)) { li.classList.add('fresh'); state.known.add(w.conversationId); fresh = true; }
      const top = el('div', 'top');
      top.append(el('span', null, q.id.toUpperCase() + ' · ' + (w.locale || '').toUpperCase()),
        el('span', null, minutesSince(w.waitingSince) + ' min'));
      const reason = el('div', 'top', reasonText(w.reason));
      const claim = el('button', null, t('claim'));
      claim.type = 'button';
      claim.setAttribute('aria-label', t('claimLabel') + w.preview);
      claim.addEventListener('click', () => claimConversation(w.conversationId, claim));
      li.append(top, reason, el('p', 'preview', w.preview || '…'), claim);
      list.appendChild(li);
    }
  }
  $('waiting-count').textContent = String(count);
  document.title = (count ? '(' + count + ') ' : '') + t('title');
  if (fresh && document.hidden) status(t('newWaiting'));
}

async function claimConversation(id, button) {
  button.disabled = true;
  state.claiming.add(id);
  try {
    const c = await api('POST', 'handoffs/' + encodeURIComponent(id) + '/claim');
    openConversation(id, c.messages, c);
  } catch (e) {
    status(e.message);
    button.disabled = false;
  } finally {
    state.claiming.delete(id);
  }
}

function openConversation(id, messages, info) {
  const c = state.convs.get(id) || { id, messages: [], info: {} };
  if (info) c.info = info;
  c.messages = messages.slice();
  state.convs.set(id, c);
  renderMine();
  if (!state.active || info) select(id);
  else if (state.active === id) renderTranscript(c); // sent again after a reconnect to Redis
}

function dropConversation(id) {
  state.convs.delete(id);
  if (state.active === id) { state.active = null; $('chat').hidden = true; $('empty').hidden = false; }
  renderMine();
}

function renderMine() {
  const list = $('mine');
  list.replaceChildren();
  for (const c of state.convs.values()) {
    const li = el('li', 'item' + (c.id === state.active ? ' active' : ''));
    const last = [...c.messages].reverse().find((m) => m.role === 'customer');
    const open = el('button', 'ghost', t('open'));
    open.type = 'button';
    open.addEventListener('click', () => select(c.id));
    li.append(el('p', 'preview', last ? last.text : c.id), open);
    list.appendChild(li);
  }
}

function renderTranscript(c) {
  const list = $('transcript');
  list.replaceChildren();
  c.messages.forEach((m) => list.appendChild(messageItem(m)));
  list.scrollTop = list.scrollHeight;
}

function select(id) {
  state.active = id;
  const c = state.convs.get(id);
  $('empty').hidden = true; $('chat').hidden = false;
  $('pane-title').textContent = t('conversation') + id.slice(0, 8);
  const reason = c.info && c.info.reason ? reasonText(c.info.reason) : '';
  $('pane-meta').textContent = [c.info && c.info.queue && queueLabel(c.info.queue), c.info && langName(c.info.locale), reason]
    .filter(Boolean).join(' · ');
  renderTranscript(c);
  $('typing').textContent = '';
  renderMine();
  searchCanned();
  loadContext(id);
  $('reply').focus();
}

async function loadContext(id) {
  const facts = $('context-facts');
  const list = $('suggestions');
  const seq = ++state.contextSeq;
  facts.replaceChildren(); list.replaceChildren();
  let ctx;
  try { ctx = await api('GET', 'handoffs/' + encodeURIComponent(id) + '/context'); } catch (e) { return; }
  // only the latest load fills the panel (a claim's answer and its socket frame both select it)
  if (state.active !== id || seq !== state.contextSeq) return;
  facts.replaceChildren(); list.replaceChildren();
  const add = (term, value) => { if (!value) return; facts.append(el('dt', null, term), el('dd', null, value)); };
  add(t('ctx.reason'), reasonText(ctx.reason));
  add(t('ctx.channel'), { web: t('channel.web'), slack: 'Slack', teams: 'Microsoft Teams' }[ctx.channel] || ctx.channel);
  add(t('ctx.queue'), ctx.queue && queueLabel(ctx.queue));
  add(t('ctx.language'), langName(ctx.locale));
  add(t('ctx.intent'), ctx.intent);
  add(t('ctx.decision'), decisionText(ctx.decision));
  add(t('ctx.articles'), ctx.articlesShown.map((a) => a.title).join(', '));
  add(t('ctx.tickets'), ctx.tickets.map((t) => t.id + ' (' + t.status + '): ' + t.title).join('; '));
  for (const s of ctx.suggestions) {
    const li = el('li');
    const use = el('button', 'ghost', s.title);
    use.type = 'button';
    use.title = t('useArticle');
    use.addEventListener('click', () => {
      const box = $('reply');
      box.value = (box.value ? box.value + '\n' : '') + s.title + ': ' + new URL(s.url, location.href).href;
      box.focus();
    });
    li.appendChild(use);
    list.appendChild(li);
  }
  if (!ctx.suggestions.length) list.appendChild(el('li', 'muted', t('noSuggestions')));
}

/** The bot's last decision in a line: the rule that won, what the person got, and the runners-up with their scores. */
function decisionText(d) {
  if (!d) return '';
  const others = (d.candidates || []).slice(1, 3).map((c) => c.rule + ' ' + c.score).join(', ');
  return d.rule + ' (' + d.skill + ', ' + d.outcome + (d.knowledge ? ', kb ' + d.knowledge : '') + ')'
    + (others ? ' > ' + others : '');
}

/** A new conversation for this agent: a short tone and the tab's title, for when they look away. */
function notifyNew() {
  try {
    const audio = new (window.AudioContext || window.webkitAudioContext)();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880; gain.gain.value = 0.08;
    tone.connect(gain); gain.connect(audio.destination);
    tone.start(); tone.stop(audio.currentTime + 0.18);
  } catch (e) { /* no audio: the title still changes */ }
  if (document.hidden) {
    const original = document.title;
    document.title = '● ' + t('newConversation') + ' — ' + original.replace(/^● [^—]+ — /, '');
    document.addEventListener('visibilitychange', () => { document.title = original; }, { once: true });
  }
  status(t('assigned'));
}

function messageItem(m) {
  const li = el('li', 'msg ' + m.role + (m.note ? ' note' : ''));
  const who = m.role === 'customer' ? t('person') : m.role === 'agent' ? (m.author && m.author.name) || t('agent')
    : m.role === 'bot' ? 'Relevo' : m.note ? t('note') : '';
  if (who) li.appendChild(el('span', 'who', who));
  li.appendChild(el('p', 'text', m.text || ''));
  for (const link of m.links || []) {
    if (!/^(\/(?!\/)|https:\/\/)/.test(link.url || '')) continue;
    const a = el('a', 'link', t('article') + (link.title || link.url));
    a.href = link.url; a.target = '_blank'; a.rel = 'noopener noreferrer';
    li.appendChild(a);
  }
  return li;
}

function addMessage(id, m) {
  const c = state.convs.get(id);
  if (!c || c.messages.some((x) => x.id === m.id)) return;
  c.messages.push(m);
  if (state.active === id) {
    $('transcript').appendChild(messageItem(m));
    $('transcript').scrollTop = $('transcript').scrollHeight;
    if (m.role === 'customer') $('typing').textContent = '';
  }
  renderMine();
}

let typingTimer;
function showTyping(id) {
  if (state.active !== id) return;
  $('typing').textContent = t('typing');
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => { $('typing').textContent = ''; }, 4000);
}

async function sendReply(e) {
  e.preventDefault();
  const text = $('reply').value.trim();
  if (!text || !state.active) return;
  const id = state.active;
  const asNote = $('as-note').checked;
  try {
    if (asNote) {
      await api('POST', 'handoffs/' + encodeURIComponent(id) + '/notes', { text });
      const c = state.convs.get(id);
      const note = { id: 'note-' + Date.now(), role: 'system', note: true, text };
      c.messages.push(note);
      $('transcript').appendChild(messageItem(note));
    } else {
      await api('POST', 'handoffs/' + encodeURIComponent(id) + '/messages', { text });
    }
    $('reply').value = '';
  } catch (err) {
    status(err.message);
  }
}

$('signin-form').addEventListener('submit', signIn);
$('signout').addEventListener('click', () => {
  // the server takes the token back, so a copy of it (history, a shared machine) is worth nothing
  if (state.token) {
    fetch('/api/v1/agents/logout', { method: 'POST', keepalive: true, headers: { Authorization: 'Bearer ' + state.token } })
      .catch(() => {});
  }
  signOut();
});
$('reply-form').addEventListener('submit', sendReply);
$('reply').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('reply-form').requestSubmit(); }
  // an internal note is not for the person: no "is typing" while one is written
  else if (state.ws && state.ws.readyState === 1 && state.active && !$('as-note').checked) {
    state.ws.send(JSON.stringify({ type: 'typing', conversationId: state.active }));
  }
});
$('to-bot').addEventListener('click', async () => {
  try { await api('POST', 'handoffs/' + encodeURIComponent(state.active) + '/return-to-bot'); dropConversation(state.active); }
  catch (e) { status(e.message); }
});
$('close').addEventListener('click', async () => {
  const resolution = prompt(t('resolution'), t('resolved'));
  if (resolution === null) return;
  try { await api('POST', 'handoffs/' + encodeURIComponent(state.active) + '/close', { resolution }); dropConversation(state.active); }
  catch (e) { status(e.message); }
});
let cannedTimer;
$('canned-q').addEventListener('input', () => { clearTimeout(cannedTimer); cannedTimer = setTimeout(searchCanned, 200); });
$('transfer').addEventListener('click', async () => {
  const to = $('transfer-to').value;
  if (!to || !state.active) return;
  const [kind, target] = to.split(':');
  try {
    await api('POST', 'handoffs/' + encodeURIComponent(state.active) + '/transfer', kind === 'queue' ? { queue: target } : { agent: target });
    dropConversation(state.active);
    status(t('transferred'));
  } catch (e) { status(e.message); }
});
$('away').addEventListener('change', () => {
  if (state.ws && state.ws.readyState === 1) {
    state.ws.send(JSON.stringify({ type: 'status', status: $('away').checked ? 'away' : 'online' }));
  }
});
setInterval(renderQueues, 60000); // waiting minutes
$('lang').value = lang;
$('lang').addEventListener('change', () => {
  lang = $('lang').value;
  localStorage.setItem('relevo.lang', lang);
  translatePage();
  renderQueues(); renderMine();
  if (state.active) select(state.active);
});
translatePage();

if (state.token) start(); else $('username').focus();
