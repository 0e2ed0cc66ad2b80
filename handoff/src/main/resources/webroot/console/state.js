// What the desk's parts share: the console's state, its REST call and the status line.
import { $ } from './dom.js';
import { signOut } from './session.js';

export const state = { token: sessionStorage.getItem('relevo.agent'), agent: null, ws: null, retries: 0,
  active: null, convs: new Map(), queues: [], known: null, fresh: new Set(), held: new Set(), claiming: new Set(), contextSeq: 0,
  transfers: new Map() };

export async function api(method, path, body, headers) {
  const res = await fetch('/api/v1/' + path, {
    method,
    headers: { Authorization: 'Bearer ' + state.token, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined
  });
  if (res.status === 401) { signOut(); throw new Error('signed out'); }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error((data && data.error && data.error.message) || res.statusText);
    err.code = data && data.error && data.error.code;
    throw err;
  }
  return data;
}

export function status(text) {
  $('status').textContent = text;
  if (text) setTimeout(() => { if ($('status').textContent === text) $('status').textContent = ''; }, 4000);
}
