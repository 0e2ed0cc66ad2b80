// The Approvals view: the requests the signed-in agent may decide now (as approver, delegate,
// escalation target or holder of the step's role), each approved or rejected with an optional
// reason in a dialog. Read again every 15 s and whenever the view is shown; the header link counts them.
import { $, el } from './dom.js';
import { t, format, has, currentLang } from './i18n.js';

const EVERY = 15000;
let api = null;
let timer = null;
let items = [];
let shown = false;
let deskToo = true;
let choice = null; // { approval, decision, key, opener }

/** Whether the agent only decides approvals: no desk, no queues, no conversations. */
export const approverOnly = (agent) => !agent.roles.some((r) => r === 'agent' || r === 'supervisor' || r === 'admin');

/** Starts reading the agent's approvals with {@code call} (the console's REST call). */
export function startApprovals(call) {
  api = call;
  clearInterval(timer);
  timer = setInterval(refresh, EVERY);
  refresh();
}

/** Stops reading them and forgets them (signed out). */
export function stopApprovals() {
  clearInterval(timer);
  api = null; items = []; shown = false;
  $('approvals').hidden = true; $('approvals-link').hidden = true; $('desk-link').hidden = true;
  if ($('decision-dialog').open) $('decision-dialog').close();
}

/** Shows the view (or hides it); {@code withDesk}: the agent also has the desk to go back to. */
export function showApprovals(on, withDesk) {
  shown = on; deskToo = withDesk;
  $('approvals').hidden = !on;
  $('desk-link').hidden = !on || !withDesk;
  if (on) { $('approvals-result').textContent = ''; refresh(); }
  render();
}

async function refresh() {
  if (!api) return;
  try {
    items = (await api('GET', 'agent/approvals')).approvals;
  } catch (e) {
    return; // shown as it was; the next round tries again
  }
  render();
}

const when = (iso) => new Intl.DateTimeFormat(currentLang(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
// a form's field as a person reads it: "start_date" is "Start date"
const fieldName = (k) => { const s = k.replace(/_/g, ' '); return s.charAt(0).toUpperCase() + s.slice(1); };

/** The list, the count in the header link, and the link itself while something waits (always for approvers only). */
export function render() {
  const n = items.length;
  $('approvals-count').textContent = String(n);
  $('approvals-link').setAttribute('aria-label', format(t('appr.link'), n));
  $('approvals-link').hidden = !api || (!shown && n === 0 && deskToo);
  if (shown) $('approvals-link').setAttribute('aria-current', 'page'); else $('approvals-link').removeAttribute('aria-current');
  $('approvals-none').hidden = n > 0;
  const list = $('approvals-list');
  list.replaceChildren();
  for (const a of items) list.appendChild(item(a));
}

function item(a) {
  const li = el('li', 'approval');
  li.dataset.id = a.id;
  const head = el('h3', null, a.title);
  head.id = 'approval-' + a.id.replace(/[^A-Za-z0-9-]/g, '-');
  head.append(' ', el('span', 'muted', a.ticketId));
  const facts = el('dl', 'facts');
  const add = (term, value) => { if (value) facts.append(el('dt', null, term), el('dd', null, value)); };
  const who = a.requester || {};
  add(t('appr.requester'), [who.name, who.email && '<' + who.email + '>'].filter(Boolean).join(' ') || t('anonymous'));
  // the request's fields in words (as the form's labels name them); the raw fields when there is none
  if (a.description) add(t('appr.description'), a.description);
  else for (const [k, v] of Object.entries(a.fields || {})) add(fieldName(k), String(v));
  add(t('appr.step'), format(t('appr.stepOf'), a.step, a.steps));
  add(t('appr.waiting'), when(a.askedAt || a.requestedAt));
  add(t('appr.escalated'), a.escalatedAt ? format(t('appr.escalatedAt'), when(a.escalatedAt))
    : a.escalateAt ? format(t('appr.escalatesAt'), when(a.escalateAt)) : t('appr.no'));
  if (a.onBehalfOf) add(t('appr.onBehalfOf'), a.onBehalfOf);
  const actions = el('div', 'approval-actions');
  for (const decision of ['approve', 'reject']) {
    const b = el('button', decision === 'reject' ? 'ghost' : null, t('appr.' + decision));
    b.type = 'button';
    b.dataset.decision = decision;
    b.setAttribute('aria-describedby', head.id);
    b.addEventListener('click', () => ask(a, decision, b));
    actions.append(b);
  }
  li.append(head, facts, actions);
  if (a.escalatedAt) li.classList.add('escalated');
  return li;
}

const uuid = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));

/** The dialog that asks for the decision's reason: a modal <dialog>; Esc cancels; focus goes back where it was. */
function ask(a, decision, opener) {
  // one key per dialog: a double submit, or a retry, decides once
  choice = { approval: a, decision, key: uuid(), opener };
  $('decision-title').textContent = format(t('appr.' + decision + 'Title'), a.ticketId);
  $('decision-what').textContent = a.title + ' · ' + ((a.requester && a.requester.name) || t('anonymous'));
  $('decision-confirm').textContent = t('appr.' + decision + 'Confirm');
  $('decision-reason').value = '';
  $('decision-dialog').returnValue = '';
  $('decision-dialog').showModal();
  $('decision-reason').focus();
}

async function decide(e) {
  e.preventDefault();
  const c = choice;
  if (!c) return;
  const reason = $('decision-reason').value.trim();
  $('decision-dialog').close('decided');
  const result = $('approvals-result');
  try {
    await api('POST', 'agent/approvals/' + encodeURIComponent(c.approval.id) + '/decision',
      reason ? { decision: c.decision, reason } : { decision: c.decision }, { 'Idempotency-Key': c.key });
    result.textContent = format(t(c.decision === 'approve' ? 'appr.approved' : 'appr.rejected'), c.approval.ticketId, c.approval.title);
    result.className = 'result ok';
  } catch (err) {
    result.textContent = err.code && has('error.' + err.code) ? t('error.' + err.code) : err.message;
    result.className = 'result error';
  }
  choice = null;
  await refresh();
  $('approvals-title').focus();
}

$('decision-form').addEventListener('submit', decide);
$('decision-cancel').addEventListener('click', () => $('decision-dialog').close('cancel'));
$('decision-dialog').addEventListener('close', () => {
  if ($('decision-dialog').returnValue !== 'decided' && choice) {
    // the list may have been read again meanwhile: the same button of the same request
    const again = choice.opener.isConnected ? choice.opener : document.querySelector('#approvals-list li[data-id="'
      + CSS.escape(choice.approval.id) + '"] button[data-decision="' + choice.decision + '"]');
    if (again) again.focus();
    choice = null;
  }
});
