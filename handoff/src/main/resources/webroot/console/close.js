// Closing the open conversation, with a resolution and a note, in a dialog.
import { $ } from './dom.js';
import { t } from './i18n.js';
import { state, api, status } from './state.js';
import { dropConversation } from './conversation.js';

/** The close dialog: a modal <dialog> (the rest of the page is inert; Esc cancels), focus back where it was after. */
export function openCloseDialog() {
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
