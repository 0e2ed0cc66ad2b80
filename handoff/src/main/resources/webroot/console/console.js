// Relevo agent console: REST for actions, one WebSocket for everything pushed. No build step.
import { $, el } from './dom.js';
import { t, format, has, currentLang, setLang, reasonText, langName, queueLabel, translatePage } from './i18n.js';
import { loadContext } from './context.js';
import { installShortcuts, renderHelp } from './shortcuts.js';
import { alertAgent, askForNotifications, canAskForNotifications, unlockSound } from './alerts.js';
import { approverOnly, startApprovals, stopApprovals, showApprovals, render as renderApprovals } from './approvals.js';

const state = { token: sessionStorage.getItem('relevo.agent'), agent: null, ws: null, retries: 0,
  active: null, convs: new Map(), queues: [], known: null, fresh: new Set(), held: new Set(), claiming: new Set(), contextSeq: 0,
  transfers: new Map() };

async function api(method, path, body, headers) {
  const res = await fetch('/api/v1/' + path, {
    method,
    headers: { Authorization: 'Bearer ' + state.token, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined
  });
  if (res.status === 401) { signOut(); throw new Error('signed out'); }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error((data && data.error && data.error.message) || res.statusText);
    err.code = data && data.error && data.error.code;
    throw err;
  }
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
  state.token = null; state.agent = null;
  if (state.ws) { state.ws.onclose = null; state.ws.close(); }
  $('desk').hidden = true; $('signin').hidden = false; $('who').hidden = true; $('signout').hidden = true;
  $('notify').hidden = true; $('help-open').hidden = true; $('away-label').hidden = true; $('dashboard-link').hidden = true;
  stopApprovals();
  $('username').focus();
}

async function start() {
  try {
    state.agent = await api('GET', 'agents/me');
  } catch (e) {
    return;
  }
  $('signin').hidden = true;
  $('who').textContent = state.agent.name + ' · ' + state.agent.roles.join(', ');
  $('who').hidden = false; $('signout').hidden = false;
  startApprovals(api);
  route();
  // an approver only decides approvals: no desk, no queues, not counted as online
  if (approverOnly(state.agent)) return;
  $('away-label').hidden = false; $('help-open').hidden = false;
  showNotifyButton();
  connect();
  if (state.agent.roles.includes('supervisor') || state.agent.roles.includes('admin')) {
    $('supervisor').hidden = false;
    $('dashboard-link').hidden = false;
    refreshTeam();
    setInterval(refreshTeam, 10000);
  }
}

/** The desk, or the Approvals view (#approvals, and always for an approver only). */
function route() {
  if (!state.agent) return;
  const only = approverOnly(state.agent);
  const approvals = only || location.hash === '#approvals';
  $('desk').hidden = approvals;
  showApprovals(approvals, !only);
}
window.addEventListener('hashchange', () => {
  route();
  if (state.agent) (approverOnly(state.agent) || location.hash === '#approvals' ? $('approvals-title') : $('filter')).focus();
});

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
    case 'queues': state.queues = f.queues; announceWaiting(); renderQueues(); loadTransferTargets(); break;
    case 'hello': f.held.forEach((id) => state.held.add(id)); break;
    case 'transferred': state.transfers.set(f.conversationId, f.from.name); break;
    case 'conversation': {
      // one this agent is claiming here is no news to her
      const news = !state.convs.has(f.conversationId) && !state.claiming.has(f.conversationId)
        && !state.held.has(f.conversationId);
      state.held.delete(f.conversationId);
      openConversation(f.conversationId, f.messages);
      if (news) notifyNew(f.conversationId);
      break;
    }
    case 'message': addMessage(f.conversationId, f.message); break;
    case 'typing': showTyping(f.conversationId); break;
    case 'state':
      if (f.state !== 'agent') dropConversation(f.conversationId);
      break;
    default: break;
  }
}

/**
 * The transfer menu of the open conversation: the agents online now who serve its queue (by name)
 * and every queue. Read again whenever the queues change, so who is online stays current.
 */
async function loadTransferTargets() {
  const id = state.active;
  if (!id) return;
  let targets;
  try { targets = await api('GET', 'handoffs/' + encodeURIComponent(id) + '/transfer-targets'); } catch (e) { return; }
  if (state.active !== id) return;
  const chosen = $('transfer-to').value;
  const agents = $('transfer-agents');
  const queues = $('transfer-queues');
  agents.replaceChildren(); queues.replaceChildren();
  for (const a of targets.agents) {
    const o = el('option', null, a.name);
    o.value = 'agent:' + a.id;
    agents.appendChild(o);
  }
  if (!targets.agents.length) {
    const none = el('option', null, t('noAgentsOnline'));
    none.disabled = true; none.value = '';
    agents.appendChild(none);
  }
  for (const q of targets.queues) {
    const o = el('option', null, queueLabel(q));
    o.value = 'queue:' + q;
    queues.appendChild(o);
  }
  if ([...$('transfer-to').options].some((o) => o.value === chosen && !o.disabled)) $('transfer-to').value = chosen;
}

/** Conversations that started waiting since the last queues frame: a tone and a notification each (none on the first frame). */
function announceWaiting() {
  const now = new Set();
  for (const q of state.queues) {
    for (const w of q.waiting) {
      now.add(w.conversationId);
      if (state.known && !state.known.has(w.conversationId)) {
        state.fresh.add(w.conversationId);
        alertAgent(t('newWaiting') + ' · ' + queueLabel(q.id), w.question || w.preview || '', w.conversationId,
          () => { const b = document.querySelector('#queues li[data-id="' + CSS.escape(w.conversationId) + '"] button'); if (b) b.focus(); });
      }
    }
  }
  if (state.known && [...now].some((id) => !state.known.has(id)) && document.hidden) status(t('newWaiting'));
  state.known = now;
}

/** Seconds as mm:ss (minutes keep counting past 59). */
function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return String(Math.floor(s / 60)).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0');
}

/** Every queue item's wait, refreshed each second; past its queue's target the item turns red and says so. */
function tickWaits() {
  for (const li of document.querySelectorAll('#queues li[data-since]')) {
    const waited = (Date.now() - Number(li.dataset.since)) / 1000;
    const late = waited > Number(li.dataset.target);
    li.classList.toggle('late', late);
    li.querySelector('.wait-time').textContent = clock(waited);
    const cue = li.querySelector('.wait-cue');
    cue.hidden = !late;
    cue.textContent = late ? '⚠ ' + format(t('overTarget'), clock(Number(li.dataset.target))) : '';
  }
}

function renderQueues() {
  const list = $('queues');
  list.replaceChildren();
  let count = 0;
  for (const q of state.queues) {
    for (const w of q.waiting) {
      count++;
      const li = el('li', 'item');
      li.dataset.id = w.conversationId;
      li.dataset.since = String(Date.parse(w.waitingSince));
      li.dataset.target = String(q.targetWaitSeconds || 120);
      li.dataset.search = [w.conversationId, w.person, w.question, w.preview, queueLabel(q.id), reasonText(w.reason)]
        .filter(Boolean).join('\n').toLowerCase();
      if (state.fresh.delete(w.conversationId)) li.classList.add('fresh');
      const top = el('div', 'top');
      const wait = el('span', 'wait');
      wait.append(el('span', 'sr', t('waitedFor')), el('span', 'wait-time'));
      top.append(el('span', null, queueLabel(q.id) + ' · ' + langName(w.locale)), wait);
      const cue = el('p', 'wait-cue');
      const reason = el('div', 'top', reasonText(w.reason));
      const claim = el('button', null, t('claim'));
      claim.type = 'button';
      claim.setAttribute('aria-label', t('claimLabel') + w.preview);
      claim.addEventListener('click', () => claimConversation(w.conversationId, claim));
      li.append(top, cue, reason);
      if (w.person) li.appendChild(el('p', 'person', w.person));
      li.append(el('p', 'preview', w.question || w.preview || '…'), claim);
      list.appendChild(li);
    }
  }
  tickWaits();
  applyFilter();
  $('waiting-count').textContent = String(count);
  document.title = (count ? '(' + count + ') ' : '') + t('title');
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
    const asked = question(c.messages);
    li.dataset.id = c.id;
    li.dataset.search = [c.id, ...c.messages.filter((m) => m.role === 'customer')
      .flatMap((m) => [m.text, m.author && m.author.name])].filter(Boolean).join('\n').toLowerCase();
    const open = el('button', 'ghost', t('open'));
    open.type = 'button';
    open.addEventListener('click', () => select(c.id));
    li.append(el('p', 'preview', asked || c.id));
    if (c.from) li.appendChild(el('p', 'from', format(t('transferredBy'), c.from)));
    li.appendChild(open);
    list.appendChild(li);
  }
  applyFilter();
}

/** Shows only the conversations (waiting and mine) whose person, words or id contain what is in the filter box. */
function applyFilter() {
  const q = $('filter').value.trim().toLowerCase();
  let shown = 0;
  let all = 0;
  for (const li of document.querySelectorAll('#queues li[data-search], #mine li[data-search]')) {
    all++;
    li.hidden = !!q && !li.dataset.search.includes(q);
    if (!li.hidden) shown++;
  }
  $('filter-none').hidden = !q || shown > 0 || all === 0;
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
  // named by what the person asked (the id stays in the tooltip, for searching and tickets)
  const asked = question(c.messages || []);
  $('pane-title').textContent = asked ? (asked.length > 70 ? asked.slice(0, 69) + '…' : asked) : t('conversation') + id.slice(0, 8);
  $('pane-title').title = id;
  const reason = c.info && c.info.reason ? reasonText(c.info.reason) : '';
  $('pane-meta').textContent = [c.info && c.info.queue && queueLabel(c.info.queue), c.info && langName(c.info.locale), reason]
    .filter(Boolean).join(' · ');
  renderTranscript(c);
  $('typing').textContent = '';
  renderMine();
  searchCanned();
  loadContext(id, state, api);
  $('transfer-to').value = '';
  loadTransferTargets();
  $('reply').focus();
}

/** A new conversation for this agent: a short tone and the tab's title, for when they look away. */
function notifyNew(id) {
  const from = state.transfers.get(id);
  state.transfers.delete(id);
  const c = state.convs.get(id);
  if (from && c) { c.from = from; renderMine(); }
  const title = from ? format(t('transferredToYou'), from) : t('assigned');
  alertAgent(title, c ? question(c.messages) : '', id, () => select(id));
  if (document.hidden) {
    const original = document.title;
    document.title = '● ' + t('newConversation') + ' — ' + original.replace(/^● [^—]+ — /, '');
    document.addEventListener('visibilitychange', () => { document.title = original; }, { once: true });
  }
  status(title);
}

/** What the person asked: their first message that was not a button (falls back to their last). */
function question(messages) {
  const theirs = messages.filter((m) => m.role === 'customer' && m.text);
  const typed = theirs.find((m) => !m.payload);
  return (typed || theirs[theirs.length - 1] || { text: '' }).text;
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
/** The close dialog: a modal <dialog> (the rest of the page is inert; Esc cancels), focus back where it was after. */
function openCloseDialog() {
  if (!state.active) return;
  $('close-resolution').value = 'resolved';
  $('close-note').value = '';
  $('close-dialog').returnValue = '';
  $('close-dialog').showModal();
  $('close-resolution').focus();
}
$('close').addEventListener('click', openCloseDialog);
$('close-cancel').addEventListener('click', () => $('close-dialog').close('cancel'));
$('close-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const id = state.active;
  const note = $('close-note').value.trim();
  const resolution = $('close-resolution').value + (note ? ': ' + note : '');
  $('close-dialog').close('close');
  if (!id) return;
  try { await api('POST', 'handoffs/' + encodeURIComponent(id) + '/close', { resolution }); dropConversation(id); status(t('closedOk')); }
  catch (err) { status(err.message); }
});
$('close-dialog').addEventListener('close', () => {
  if ($('close-dialog').returnValue !== 'close' && !$('chat').hidden) $('close').focus();
});

/** The next waiting conversation's Claim button (after the one focused, round the list). */
function nextWaiting() {
  const buttons = [...document.querySelectorAll('#queues li button')];
  if (!buttons.length) { status(t('noneWaiting')); return; }
  const at = buttons.indexOf(document.activeElement);
  buttons[(at + 1) % buttons.length].focus();
}

function openHelp() {
  renderHelp($('help-list'), t);
  $('help').showModal();
}
$('help-open').addEventListener('click', openHelp);

// the desk's shortcuts act on the desk only (not on the Approvals view, nor signed out)
const onDesk = (actions) => Object.fromEntries(Object.entries(actions).map(([k, f]) => [k, () => { if (!$('desk').hidden) f(); }]));
installShortcuts(onDesk({
  'key.next': nextWaiting,
  'key.claim': () => {
    const focused = document.activeElement && document.activeElement.closest('#queues li');
    const button = focused ? focused.querySelector('button') : document.querySelector('#queues li button');
    if (button) button.click(); else status(t('noneWaiting'));
  },
  'key.send': () => { if (state.active && document.activeElement === $('reply')) $('reply-form').requestSubmit(); },
  'key.note': () => {
    if (!state.active) return;
    $('as-note').checked = !$('as-note').checked;
    status($('as-note').checked ? t('noteOn') : t('noteOff'));
  },
  'key.transfer': () => { if (state.active) $('transfer-to').focus(); },
  'key.close': openCloseDialog,
  'key.help': openHelp
}));
$('filter').addEventListener('input', applyFilter);
let cannedTimer;
$('canned-q').addEventListener('input', () => { clearTimeout(cannedTimer); cannedTimer = setTimeout(searchCanned, 200); });
$('transfer-to').addEventListener('focus', loadTransferTargets);
$('transfer').addEventListener('click', async () => {
  const to = $('transfer-to').value;
  if (!to || !state.active) return;
  const [kind, target] = to.split(':');
  const name = $('transfer-to').selectedOptions[0].textContent;
  try {
    await api('POST', 'handoffs/' + encodeURIComponent(state.active) + '/transfer', kind === 'queue' ? { queue: target } : { agent: target });
    dropConversation(state.active);
    status(format(t('transferredTo'), name));
  } catch (e) { status(e.code && has('error.' + e.code) ? t('error.' + e.code) : e.message); loadTransferTargets(); }
});
/** The button that asks for desktop notifications shows only while the browser has no answer yet. */
function showNotifyButton() { $('notify').hidden = !canAskForNotifications(); }
$('notify').addEventListener('click', async () => {
  const allowed = await askForNotifications();
  showNotifyButton();
  status(allowed ? t('notifyOn') : t('notifyOff'));
});
$('signin-form').addEventListener('submit', unlockSound);
$('away').addEventListener('change', () => {
  if (state.ws && state.ws.readyState === 1) {
    state.ws.send(JSON.stringify({ type: 'status', status: $('away').checked ? 'away' : 'online' }));
  }
});
setInterval(tickWaits, 1000); // the live wait timers
$('lang').value = currentLang();
$('lang').addEventListener('change', () => {
  setLang($('lang').value);
  translatePage();
  renderQueues(); renderMine(); renderApprovals();
  if (state.active) select(state.active);
});
translatePage();

if (state.token) start(); else $('username').focus();
