  // when the panel covers the whole screen (a phone, or a page zoomed in), focus stays inside it
  const fullScreen = window.matchMedia('(max-width: 480px), (max-height: 560px)');
  const syncModal = () => { if (fullScreen.matches) panel.setAttribute('aria-modal', 'true'); else panel.removeAttribute('aria-modal'); };
  syncModal();
  if (fullScreen.addEventListener) fullScreen.addEventListener('change', syncModal);
  panel.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || !fullScreen.matches) return;
    const focusable = Array.from(panel.querySelectorAll('button, input, a[href], [tabindex="0"]'))
      .filter((x) => !x.disabled && x.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && (document.activeElement === first || !panel.contains(document.activeElement))) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && (document.activeElement === last || !panel.contains(document.activeElement))) { e.preventDefault(); first.focus(); }
  });
