// The console's one WebSocket: what the server pushes (queues, conversations, messages, typing),
// reconnected with back-off; and the agent's away status sent on it.
import { $ } from './dom.js';
import { t } from './i18n.js';
import { state, status } from './state.js';
import { announceWaiting, renderQueues } from './queues.js';
import { openConversation, dropConversation, notifyNew, addMessage, showTyping } from './conversation.js';
import { loadTransferTargets } from './transfer.js';

export function connect() {
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

$('away').addEventListener('change', () => {
  if (state.ws && state.ws.readyState === 1) {
    state.ws.send(JSON.stringify({ type: 'status', status: $('away').checked ? 'away' : 'online' }));
  }
});
