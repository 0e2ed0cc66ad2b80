// The agent's conversations: the list of mine, the one open (its title, transcript and typing
// line), and a new one announced.
import { $, el } from './dom.js';
import { t, format, reasonText, langName, queueLabel } from './i18n.js';
import { loadContext } from './context.js';
import { alertAgent } from './alerts.js';
import { state, api, status } from './state.js';
import { applyFilter } from './queues.js';
import { searchCanned } from './composer.js';
import { loadTransferTargets } from './transfer.js';

export function openConversation(id, messages, info) {
  const c = state.convs.get(id) || { id, messages: [], info: {} };
  if (info) c.info = info;
  c.messages = messages.slice();
  state.convs.set(id, c);
  renderMine();
  if (!state.active || info) select(id);
  else if (state.active === id) renderTranscript(c); // sent again after a reconnect to Redis
}

export function dropConversation(id) {
  state.convs.delete(id);
  if (state.active === id) { state.active = null; $('chat').hidden = true; $('empty').hidden = false; }
  renderMine();
}

export function renderMine() {
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

function renderTranscript(c) {
  const list = $('transcript');
  list.replaceChildren();
  c.messages.forEach((m) => list.appendChild(messageItem(m)));
  list.scrollTop = list.scrollHeight;
}

export function select(id) {
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
export function notifyNew(id) {
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

export function messageItem(m) {
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

export function addMessage(id, m) {
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
export function showTyping(id) {
  if (state.active !== id) return;
  $('typing').textContent = t('typing');
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => { $('typing').textContent = ''; }, 4000);
}
