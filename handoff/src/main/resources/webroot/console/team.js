// The supervisor's team panel: each queue's waiting count and each agent's load.
import { $, el } from './dom.js';
import { t, queueLabel } from './i18n.js';
import { api } from './state.js';

export async function refreshTeam() {
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
