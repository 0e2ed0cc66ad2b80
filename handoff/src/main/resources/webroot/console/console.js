// Relevo agent console: REST for actions, one WebSocket for everything pushed. No build step.
// This module starts it: the keyboard shortcuts and their help, the language, signing in again on
// load; each part of the desk is a module of its own (session, socket, queues, conversation...).
import { $ } from './dom.js';
import { t, currentLang, setLang, translatePage } from './i18n.js';
import { installShortcuts, renderHelp } from './shortcuts.js';
import { render as renderApprovals } from './approvals.js';
import { state, status } from './state.js';
import { start } from './session.js';
import { renderQueues, nextWaiting } from './queues.js';
import { renderMine, select } from './conversation.js';
import { openCloseDialog } from './close.js';
import './composer.js'; // the reply box and the transfer menu: their listeners, whatever else imports them
import './transfer.js';

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

$('lang').value = currentLang();
$('lang').addEventListener('change', () => {
  setLang($('lang').value);
  translatePage();
  renderQueues(); renderMine(); renderApprovals();
  if (state.active) select(state.active);
});
translatePage();

if (state.token) start(); else $('username').focus();
