// The waiting conversations, by queue: their live wait timers, new ones announced, claiming one;
// and the filter over both lists (waiting and mine).
import { $, el } from './dom.js';
import { t, format, reasonText, langName, queueLabel } from './i18n.js';
import { alertAgent } from './alerts.js';
import { state, api, status } from './state.js';
import { openConversation } from './conversation.js';

/** Conversations that started waiting since the last queues frame: a tone and a notification each (none on the first frame). */
export function announceWaiting() {
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

export function renderQueues() {
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

/** Shows only the conversations (waiting and mine) whose person, words or id contain what is in the filter box. */
export function applyFilter() {
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

/** The next waiting conversation's Claim button (after the one focused, round the list). */
export function nextWaiting() {
  const buttons = [...document.querySelectorAll('#queues li button')];
  if (!buttons.length) { status(t('noneWaiting')); return; }
  const at = buttons.indexOf(document.activeElement);
  buttons[(at + 1) % buttons.length].focus();
}

$('filter').addEventListener('input', applyFilter);
setInterval(tickWaits, 1000); // the live wait timers
