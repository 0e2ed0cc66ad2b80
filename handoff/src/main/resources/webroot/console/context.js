// The context panel beside a conversation: who the person is, what they asked, why they are here,
// what the bot decided turn by turn, the articles it showed, their tickets and suggested articles.
import { $, el } from './dom.js';
import { t, label, reasonText, langName, queueLabel } from './i18n.js';

/** Fills the panel for conversation {@code id}; {@code state} is the console's state, {@code api} its REST call. */
export async function loadContext(id, state, api) {
  const facts = $('context-facts');
  const list = $('suggestions');
  const seq = ++state.contextSeq;
  facts.replaceChildren(); list.replaceChildren();
  let ctx;
  try { ctx = await api('GET', 'handoffs/' + encodeURIComponent(id) + '/context'); } catch (e) { return; }
  // only the latest load fills the panel (a claim's answer and its socket frame both select it)
  if (state.active !== id || seq !== state.contextSeq) return;
  facts.replaceChildren(); list.replaceChildren();
  const add = (term, value) => { if (!value) return; facts.append(el('dt', null, term), el('dd', null, value)); };
  const who = ctx.person || {};
  add(t('ctx.person'), (who.name || t('anonymous')) + ' · ' + (who.verified ? t('verified') : t('notVerified')));
  add(t('ctx.question'), ctx.question);
  add(t('ctx.reason'), reasonText(ctx.reason));
  add(t('ctx.channel'), { web: t('channel.web'), slack: 'Slack', teams: 'Microsoft Teams' }[ctx.channel] || ctx.channel);
  add(t('ctx.queue'), ctx.queue && queueLabel(ctx.queue));
  add(t('ctx.language'), langName(ctx.locale));
  // after a button the intent says nothing: the person pressed it
  if (!ctx.decision || ctx.decision.skill !== 'button') add(t('ctx.intent'), ctx.intent && label('intent.' + ctx.intent, ctx.intent));
  add(t('ctx.decision'), decisionText(ctx.decision));
  add(t('ctx.articles'), ctx.articlesShown.map((a) => a.title).join(', '));
  add(t('ctx.tickets'), ctx.tickets.map((t) => t.id + ' (' + t.status + '): ' + t.title).join('; '));
  renderTurns(ctx.decisions || [], state.convs.get(id));
  for (const s of ctx.suggestions) {
    const li = el('li');
    const use = el('button', 'ghost', s.title);
    use.type = 'button';
    use.title = t('useArticle');
    use.addEventListener('click', () => {
      const box = $('reply');
      box.value = (box.value ? box.value + '\n' : '') + s.title + ': ' + new URL(s.url, location.href).href;
      box.focus();
    });
    li.appendChild(use);
    list.appendChild(li);
  }
  if (!ctx.suggestions.length) list.appendChild(el('li', 'muted', t('noSuggestions')));
}

/** The bot's last decision in a line: the rule that won, what the person got, and the runners-up with their scores. */
function decisionText(d) {
  if (!d) return '';
  const others = (d.candidates || []).slice(1, 3).map((c) => c.rule + ' ' + c.score).join(', ');
  return label('outcome.' + d.outcome, d.outcome) + ', ' + t('via') + ' ' + label('via.' + d.skill, d.skill)
    + ' (' + d.rule + (d.knowledge ? ', ' + d.knowledge : '') + (others ? '; ' + others : '') + ')';
}

/** Every kept bot turn, oldest first: what the person wrote (or pressed) and what the bot decided. */
function renderTurns(decisions, conversation) {
  const list = $('turns');
  list.replaceChildren();
  const messages = (conversation || { messages: [] }).messages;
  for (const d of decisions) {
    const m = messages.find((x) => x.id === d.message);
    const li = el('li');
    if (m && m.text) li.append(el('q', null, m.text), ' → ');
    li.append(decisionText(d));
    list.append(li);
  }
  $('turns-box').hidden = !decisions.length;
}
