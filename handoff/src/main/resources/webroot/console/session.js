// Signing in and out, and what the agent sees once signed in: the desk or the Approvals view,
// the header's buttons, the live socket, and for a supervisor the team panel.
import { $ } from './dom.js';
import { t } from './i18n.js';
import { askForNotifications, canAskForNotifications, unlockSound } from './alerts.js';
import { approverOnly, startApprovals, stopApprovals, showApprovals } from './approvals.js';
import { state, api, status } from './state.js';
import { connect } from './socket.js';
import { refreshTeam } from './team.js';

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

export function signOut() {
  sessionStorage.removeItem('relevo.agent');
  state.token = null; state.agent = null;
  if (state.ws) { state.ws.onclose = null; state.ws.close(); }
  $('desk').hidden = true; $('signin').hidden = false; $('who').hidden = true; $('signout').hidden = true;
  $('notify').hidden = true; $('help-open').hidden = true; $('away-label').hidden = true; $('dashboard-link').hidden = true;
  stopApprovals();
  $('username').focus();
}

export async function start() {
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

/** The button that asks for desktop notifications shows only while the browser has no answer yet. */
function showNotifyButton() { $('notify').hidden = !canAskForNotifications(); }
$('notify').addEventListener('click', async () => {
  const allowed = await askForNotifications();
  showNotifyButton();
  status(allowed ? t('notifyOn') : t('notifyOff'));
});

$('signin-form').addEventListener('submit', signIn);
$('signin-form').addEventListener('submit', unlockSound);
$('signout').addEventListener('click', () => {
  // the server takes the token back, so a copy of it (history, a shared machine) is worth nothing
  if (state.token) {
    fetch('/api/v1/agents/logout', { method: 'POST', keepalive: true, headers: { Authorization: 'Bearer ' + state.token } })
      .catch(() => {});
  }
  signOut();
});
