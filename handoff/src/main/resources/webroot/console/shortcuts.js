// Keyboard shortcuts of the console. Alt+letter ones (by physical key, so they work on every
// keyboard layout) and '?' never fire while the agent types in a field; Ctrl+Enter does (it sends).

/** The shortcuts, in the order the help panel lists them: keys as shown, and the text key of what they do. */
export const SHORTCUTS = [
  { keys: 'Alt+N', what: 'key.next', code: 'KeyN', alt: true },
  { keys: 'Alt+C', what: 'key.claim', code: 'KeyC', alt: true },
  { keys: 'Ctrl+Enter', what: 'key.send', code: 'Enter', ctrl: true, inFields: true },
  { keys: 'Alt+I', what: 'key.note', code: 'KeyI', alt: true },
  { keys: 'Alt+T', what: 'key.transfer', code: 'KeyT', alt: true },
  { keys: 'Alt+X', what: 'key.close', code: 'KeyX', alt: true },
  { keys: '?', what: 'key.help', key: '?' },
  { keys: 'Esc', what: 'key.escape' }
];

function typing(target) {
  return target instanceof HTMLElement
    && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/**
 * Listens on the document; {@code actions} maps each shortcut's text key ('key.next'...) to what
 * it does. Nothing fires while a modal dialog is open (Esc closes it, natively).
 */
export function installShortcuts(actions) {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.isComposing || document.querySelector('dialog[open]')) return;
    const inField = typing(e.target);
    for (const s of SHORTCUTS) {
      const matches = s.key ? e.key === s.key && !e.ctrlKey && !e.altKey && !e.metaKey
        : s.code && e.code === s.code && !!s.alt === e.altKey && !!s.ctrl === (e.ctrlKey || e.metaKey) && !e.shiftKey;
      if (!matches || (inField && !s.inFields) || !actions[s.what]) continue;
      e.preventDefault();
      actions[s.what]();
      return;
    }
  });
}

/** Fills the help panel's list with every shortcut, in the current language. */
export function renderHelp(list, t) {
  list.replaceChildren();
  for (const s of SHORTCUTS) {
    const dt = document.createElement('dt');
    const kbd = document.createElement('kbd');
    kbd.textContent = s.keys;
    dt.appendChild(kbd);
    const dd = document.createElement('dd');
    dd.textContent = t(s.what);
    list.append(dt, dd);
  }
}
