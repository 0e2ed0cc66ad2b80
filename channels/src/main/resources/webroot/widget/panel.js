  function updateBadge() {
    badge.hidden = unread === 0;
    badge.textContent = unread > 9 ? '9+' : String(unread);
    launcher.setAttribute('aria-label', unread ? t.open + ' (' + fmt(t.unread, unread) + ')' : t.open);
  }

  async function openPanel() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    root.classList.add('relevo--open');
    unread = 0;
    updateBadge();
    input.focus();
    if (conv) { conv.open = true; save(); }
    if (!opened) {
      opened = true;
      try {
        await ensureConversation();
        connect();
      } catch (e) {
        setOffline(true);
        opened = false;
      }
    }
  }

  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    root.classList.remove('relevo--open');
    if (conv) { conv.open = false; save(); }
    launcher.focus();
  }

  // a plain-text copy of what is on screen, saved by the browser: nothing leaves the page
  function saveCopy() {
    const lines = [fmt(t.at, new Date().toLocaleString(locale)), ''];
    for (const li of log.querySelectorAll('.relevo-msg')) {
      const time = li.querySelector('.relevo-time');
      const who = li.querySelector('.relevo-author').textContent;
      lines.push((time && time.textContent ? '[' + time.textContent + '] ' : '') + who + ':');
      lines.push(li.querySelector('.relevo-text').innerText.trim());
      for (const a of li.querySelectorAll('.relevo-link')) lines.push(a.textContent + ' <' + a.href + '>');
      lines.push('');
    }
    const url = URL.createObjectURL(new Blob([lines.join('\n')], { type: 'text/plain;charset=utf-8' }));
    const a = el('a', null, { href: url, download: t.file + '-' + new Date().toISOString().slice(0, 10) + '.txt' });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function openMenu() {
    menu.hidden = false;
    moreBtn.setAttribute('aria-expanded', 'true');
    menu.querySelector('[role=menuitem]').focus();
  }
  function closeMenu(focusButton) {
    if (menu.hidden) return;
    menu.hidden = true;
    moreBtn.setAttribute('aria-expanded', 'false');
    if (focusButton) moreBtn.focus();
  }
  moreBtn.addEventListener('click', () => (menu.hidden ? openMenu() : closeMenu(true)));
  menu.addEventListener('keydown', (e) => {
    const items = Array.from(menu.querySelectorAll('[role=menuitem]'));
    const i = items.indexOf(document.activeElement);
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); closeMenu(true); }
    else if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length].focus(); }
    else if (e.key === 'Tab') closeMenu(false);
  });
  document.addEventListener('click', (e) => { if (!menu.contains(e.target) && e.target !== moreBtn) closeMenu(false); });
  saveItem.addEventListener('click', () => { closeMenu(true); saveCopy(); });
  personBtn.addEventListener('click', () => { submit(t.person, 'handoff.request'); input.focus(); });

  launcher.addEventListener('click', () => (panel.hidden ? openPanel() : closePanel()));
  closeBtn.addEventListener('click', closePanel);
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); closePanel(); } });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit(input.value);
    input.value = '';
    input.focus();
  });

  const mount = () => {
    document.body.appendChild(root);
    updateBadge();
    if (conv && conv.open) openPanel();
    else if (conv) { opened = true; connect(); }   // keep counting unread replies while closed
  };
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
