  // the conversation is over: nothing more can be sent to it; a new one is one click away
  function end() {
    for (const p of pending.values()) p.node.classList.add('relevo-msg--failed');
    pending.clear();
    quick.replaceChildren();
    stopThinking();
    typing.textContent = '';
    input.disabled = true;
    personBtn.disabled = true;
    send.disabled = true;
    endItem.disabled = true;
    confirmEnd.hidden = true;
    showRating();
    ended.hidden = false;
    if (conv && !conv.ended) { conv.ended = true; save(); }
    if (!panel.hidden) again.focus();
  }

  again.addEventListener('click', async () => {
    const old = ws;
    ws = null;
    if (old) { old.onclose = null; old.close(); }
    conv = null; save(); lastRendered = null; shown.clear(); delivered.clear();
    clearLog(); quick.replaceChildren();
    ended.hidden = true;
    input.disabled = false;
    send.disabled = false;
    personBtn.disabled = false;
    endItem.disabled = false;
    withPerson = false;
    input.focus();
    try {
      await ensureConversation();
      connect();
    } catch (e) {
      setOffline(true);
    }
  });

  endItem.addEventListener('click', () => { closeMenu(false); confirmEnd.hidden = false; confirmYes.focus(); });
  confirmNo.addEventListener('click', () => { confirmEnd.hidden = true; input.focus(); });
  confirmEnd.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); confirmNo.click(); } });
  confirmYes.addEventListener('click', async () => {
    confirmYes.disabled = true;
    try {
      const res = await fetch(api('conversations/' + encodeURIComponent(conv.id) + '/end'),
        { method: 'POST', headers: { Authorization: 'Bearer ' + conv.token } });
      if (res.ok) end(); else setOffline(true);
    } catch (e) {
      setOffline(true);
    } finally {
      confirmYes.disabled = false;
    }
  });

  function showRating() {
    const done = conv && conv.rated;
    for (const b of rating.querySelectorAll('button')) b.hidden = !!done;
    ratingText.textContent = done ? t.rated : t.rate;
  }
  rating.addEventListener('click', async (e) => {
    const b = e.target.closest('.relevo-score');
    if (!b || !conv) return;
    try {
      const res = await fetch(api('conversations/' + encodeURIComponent(conv.id) + '/rating'), {
        method: 'POST', headers: { Authorization: 'Bearer ' + conv.token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ score: Number(b.dataset.score) })
      });
      if (res.ok || res.status === 409) { conv.rated = true; save(); showRating(); again.focus(); }
    } catch (err) {
      setOffline(true);
    }
  });
