  // the widget's own language, whatever the page's: screen readers read it with the right voice
  const root = el('div', 'relevo' + (data.position === 'left' ? ' relevo--left' : ''), { lang: locale });
  if (/^#[0-9a-f]{6}$/i.test(data.color || '')) root.style.setProperty('--relevo-accent', data.color);
  const launcher = el('button', 'relevo-launcher', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'relevo-panel' });
  const launcherLabel = el('span', 'relevo-launcher-label');
  launcherLabel.textContent = t.open;
  const badge = el('span', 'relevo-badge', { hidden: '' });
  launcher.append(launcherLabel, badge);

  const panel = el('section', 'relevo-panel', { id: 'relevo-panel', role: 'dialog', 'aria-labelledby': 'relevo-title', hidden: '' });
  const header = el('header', 'relevo-header');
  const title = el('h2', 'relevo-title', { id: 'relevo-title' });
  title.textContent = hostText('title') || t.title;
  // always there, whatever the bot last said: a person is one click away
  const personBtn = el('button', 'relevo-person', { type: 'button' });
  personBtn.textContent = t.person;
  const moreBtn = el('button', 'relevo-more', { type: 'button', 'aria-label': t.more, 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': 'relevo-menu' });
  moreBtn.textContent = '⋮';
  const closeBtn = el('button', 'relevo-close', { type: 'button', 'aria-label': t.close });
  closeBtn.textContent = '×';
  const menu = el('div', 'relevo-menu', { id: 'relevo-menu', role: 'menu', 'aria-label': t.more, hidden: '' });
  const saveItem = el('button', 'relevo-menuitem relevo-save', { type: 'button', role: 'menuitem', tabindex: '-1' });
  saveItem.textContent = t.save;
  const endItem = el('button', 'relevo-menuitem relevo-end', { type: 'button', role: 'menuitem', tabindex: '-1' });
  endItem.textContent = t.endChat;
  const catItem = el('button', 'relevo-menuitem relevo-cat-open', { type: 'button', role: 'menuitem', tabindex: '-1' });
  catItem.textContent = t.catalogue;
  menu.append(saveItem, catItem, endItem);
  header.append(title, personBtn, moreBtn, closeBtn, menu);
  const notice = el('p', 'relevo-notice', { role: 'status', hidden: '' });
  const log = el('ol', 'relevo-log', { 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0', 'aria-label': title.textContent });
  // the host's welcome and privacy notice: first in the conversation's scroll, not part of the transcript
  const intro = el('li', 'relevo-intro');
  const greeting = hostText('greeting').slice(0, 300);
  if (greeting) {
    const p = el('p', 'relevo-greeting');
    p.textContent = greeting;
    intro.append(p);
  }
  const privacyUrl = hostText('privacyUrl');
  if (safeUrl(privacyUrl)) {
    const a = el('a', 'relevo-privacy', { href: new URL(privacyUrl, document.baseURI).href, target: '_blank', rel: 'noopener noreferrer' });
    a.textContent = t.privacy;
    intro.append(a);
  }
  const clearLog = () => { log.replaceChildren(); if (intro.childNodes.length) log.append(intro); };
  const typing = el('p', 'relevo-typing', { 'aria-live': 'polite' });
  const quick = el('div', 'relevo-quick', { role: 'group' });
  const form = el('form', 'relevo-form');
  const label = el('label', 'relevo-sr', { for: 'relevo-input' });
  label.textContent = t.input;
  const input = el('input', 'relevo-input', { id: 'relevo-input', type: 'text', autocomplete: 'off', maxlength: '4000', placeholder: t.input });
  const send = el('button', 'relevo-send', { type: 'submit' });
  send.textContent = t.send;
  form.append(label, input, send);
  const ended = el('div', 'relevo-ended', { role: 'status', hidden: '' });
  const endedText = el('p', 'relevo-ended-text');
  endedText.textContent = t.ended;
  const again = el('button', 'relevo-again', { type: 'button' });
  again.textContent = t.again;
  const rating = el('div', 'relevo-rating', { role: 'group', 'aria-label': t.rate });
  const ratingText = el('p', 'relevo-rating-text');
  ratingText.textContent = t.rate;
  rating.append(ratingText);
  scores.forEach((label, i) => {
    const b = el('button', 'relevo-chip relevo-score', { type: 'button', 'data-score': String(i + 1) });
    b.textContent = label;
    rating.append(b);
  });
  ended.append(endedText, rating, again);
  // "end it?" asked in the panel, not in a browser dialog
  const confirmEnd = el('div', 'relevo-confirm', { role: 'group', 'aria-labelledby': 'relevo-confirm-text', hidden: '' });
  const confirmText = el('p', 'relevo-confirm-text', { id: 'relevo-confirm-text' });
  confirmText.textContent = t.endAsk;
  const confirmYes = el('button', 'relevo-confirm-yes', { type: 'button' });
  confirmYes.textContent = t.endYes;
  const confirmNo = el('button', 'relevo-chip relevo-confirm-no', { type: 'button' });
  confirmNo.textContent = t.cancel;
  confirmEnd.append(confirmText, confirmYes, confirmNo);
  // the service catalogue, browsed and searched in the panel in place of the conversation
  const cat = el('div', 'relevo-cat', { role: 'region', 'aria-labelledby': 'relevo-cat-title', hidden: '' });
  const catTitle = el('h3', 'relevo-cat-title', { id: 'relevo-cat-title' });
  catTitle.textContent = t.catalogue;
  const catBack = el('button', 'relevo-cat-back', { type: 'button' });
  catBack.textContent = t.catalogueBack;
  const catLabel = el('label', 'relevo-sr', { for: 'relevo-cat-q' });
  catLabel.textContent = t.catalogueSearch;
  const catQ = el('input', 'relevo-cat-q', { id: 'relevo-cat-q', type: 'search', autocomplete: 'off', maxlength: '200', placeholder: t.catalogueSearch });
  const catNote = el('p', 'relevo-cat-note', { role: 'status' });
  const catList = el('div', 'relevo-cat-list');
  cat.append(catTitle, catBack, catLabel, catQ, catNote, catList);
  panel.append(header, notice, cat, log, typing, quick, confirmEnd, ended, form);
  clearLog();
  root.append(panel, launcher);
