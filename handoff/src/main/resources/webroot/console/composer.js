// The reply box: a message to the person or an internal note, "is typing" while one is written,
// and the canned responses in the person's language.
import { $, el } from './dom.js';
import { state, api, status } from './state.js';
import { messageItem } from './conversation.js';

export async function searchCanned() {
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

$('reply-form').addEventListener('submit', sendReply);
$('reply').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('reply-form').requestSubmit(); }
  // an internal note is not for the person: no "is typing" while one is written
  else if (state.ws && state.ws.readyState === 1 && state.active && !$('as-note').checked) {
    state.ws.send(JSON.stringify({ type: 'typing', conversationId: state.active }));
  }
});

let cannedTimer;
$('canned-q').addEventListener('input', () => { clearTimeout(cannedTimer); cannedTimer = setTimeout(searchCanned, 200); });
