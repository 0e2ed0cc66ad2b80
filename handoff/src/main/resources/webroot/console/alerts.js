// New-conversation alerts: a short tone (WebAudio, no file to download) and, once the agent has
// allowed it from the button (never asked on load), a desktop notification.
let audio = null;

/** Creates or wakes the audio context; browsers let it sound only after a gesture of the agent. */
export function unlockSound() {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === 'suspended') audio.resume();
  } catch (e) { audio = null; }
}

/** A 180 ms tone at 880 Hz, quiet. */
export function beep() {
  try {
    unlockSound();
    if (!audio) return;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880; gain.gain.value = 0.08;
    tone.connect(gain); gain.connect(audio.destination);
    tone.start(); tone.stop(audio.currentTime + 0.18);
  } catch (e) { /* no audio: the title and the notification still tell */ }
}

/** Whether desktop notifications exist here and the agent has not yet answered the browser's question. */
export function canAskForNotifications() {
  return 'Notification' in window && window.Notification.permission === 'default';
}

/** Asks the browser (from a click); resolves to whether notifications are now allowed. */
export async function askForNotifications() {
  unlockSound();
  if (!('Notification' in window)) return false;
  const answer = await window.Notification.requestPermission();
  return answer === 'granted';
}

/**
 * Sounds the tone and, when allowed, shows a desktop notification; a click on it brings the
 * console forward and calls {@code onOpen}. One notification per {@code tag} (a conversation).
 */
export function alertAgent(title, body, tag, onOpen) {
  beep();
  if (!('Notification' in window) || window.Notification.permission !== 'granted') return;
  try {
    const n = new window.Notification(title, { body, tag, lang: document.documentElement.lang });
    n.onclick = () => { window.focus(); if (onOpen) onOpen(); if (n.close) n.close(); };
  } catch (e) { /* some browsers allow notifications only from a service worker: the tone and title remain */ }
}
