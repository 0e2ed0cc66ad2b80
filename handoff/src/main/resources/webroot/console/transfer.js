// Handing the open conversation on: to an agent online or a queue, or back to the bot.
import { $, el } from './dom.js';
import { t, format, has, queueLabel } from './i18n.js';
import { state, api, status } from './state.js';
import { dropConversation } from './conversation.js';

/**
 * The transfer menu of the open conversation: the agents online now who serve its queue (by name)
 * and every queue. Read again whenever the queues change, so who is online stays current.
 */
export async function loadTransferTargets() {
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
$('to-bot').addEventListener('click', async () => {
  try { await api('POST', 'handoffs/' + encodeURIComponent(state.active) + '/return-to-bot'); dropConversation(state.active); }
  catch (e) { status(e.message); }
});
