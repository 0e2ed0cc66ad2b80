// Relevo analytics dashboard (supervisors): the report of GET /api/v1/analytics drawn as SVG charts
// and tables, with period and channel filters and CSV downloads. No build step, no chart library.
// Charts are drawn at the size they take on the page (one SVG unit = one CSS pixel, redrawn when
// that size changes), so their labels keep the size the CSS gives them (13 px).
import { DASHBOARD_TEXTS as TEXTS } from './texts.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const token = sessionStorage.getItem('relevo.agent');

let lang = localStorage.getItem('relevo.lang') || ((navigator.language || 'en').startsWith('es') ? 'es' : 'en');
const t = (k) => TEXTS[lang][k] ?? TEXTS.en[k] ?? k;
let report = null;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text); // always text, never HTML
  return e;
}
function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}
const pct = (v) => v === null || v === undefined ? '–' : (v * 100).toFixed(1).replace(/\.0$/, '') + ' %';
const num = (v) => v === null || v === undefined ? '–' : new Intl.NumberFormat(lang).format(v);
function duration(sec) {
  if (sec === null || sec === undefined) return '–';
  if (sec < 90) return Math.round(sec) + ' s';
  if (sec < 5400) return (sec / 60).toFixed(1) + ' min';
  return (sec / 3600).toFixed(1) + ' h';
}

function query() {
  const p = new URLSearchParams({ from: $('from').value, to: $('to').value, channel: $('channel').value });
  return p.toString();
}

async function load() {
  if (!token) { $('signed-out').hidden = false; return; }
  if ($('from').value > $('to').value) { showError(t('badPeriod')); return; }
  $('status').textContent = t('loading');
  const res = await fetch('/api/v1/analytics?' + query(), { headers: { Authorization: 'Bearer ' + token } });
  const data = await res.json().catch(() => null);
  if (res.status === 401) { $('signed-out').hidden = false; $('status').textContent = ''; return; }
  if (!res.ok) {
    showError(res.status === 403 ? t('forbidden') : (data && data.error && data.error.message) || res.statusText);
    return;
  }
  $('error').hidden = true;
  report = data;
  const sel = $('channel');
  const chosen = sel.value;
  for (const ch of data.channels) {
    if (![...sel.options].some((o) => o.value === ch)) sel.append(new Option(ch, ch));
  }
  sel.value = chosen;
  render();
  $('status').textContent = t('updated');
}

function showError(text) {
  $('error').textContent = text;
  $('error').hidden = false;
  $('status').textContent = '';
}

function render() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach((n) => { n.textContent = t(n.dataset.t); });
  if (!report) return;
  const k = report.totals;
  const kpis = [
    [t('conversations'), num(k.conversations)],
    [t('containment'), pct(k.containmentRate)],
    [t('selfService'), pct(k.selfServiceSuccessRate)],
    [t('handoffs'), num(k.handoffs)],
    [t('satisfaction'), k.satisfactionAverage === null ? '–' : k.satisfactionAverage.toFixed(2) + ' / 5'],
    [t('timeToAgent'), duration(k.timeToAgentAverageSeconds)],
    [t('unanswered'), num(k.unanswered)],
    [t('abandoned'), num(k.abandoned)],
    [t('nobodyAvailable'), num(k.nobodyAvailable)]
  ];
  const dl = $('kpis');
  dl.replaceChildren();
  for (const [label, value] of kpis) {
    const d = el('div');
    d.append(el('dt', null, label), el('dd', null, value));
    dl.append(d);
  }
  drawCharts();
  table($('table-articles'), [t('article'), t('shown'), t('helpful'), t('notHelpful'), t('deflected'), t('deflectionRate')],
    report.articles.map((a) => [a.title || a.articleId, num(a.shown), num(a.helpful), num(a.notHelpful), num(a.deflected),
      pct(a.deflectionRate)]));
  table($('table-gaps'), [t('question'), t('lang'), t('count'), t('lastAsked')],
    report.unanswered.map((g) => [g.question, g.lang, num(g.count), g.lastAsked ? new Date(g.lastAsked).toLocaleString(lang) : '']));
}

function drawCharts() {
  if (!report) return;
  const days = report.days;
  columns($('chart-containment'), t('containmentTrend'), days.map((d) => [d.date.slice(5), d.conversations, d.containmentRate]),
    (v) => num(v), true);
  line($('chart-csat'), t('csatTrend'), days.map((d) => [d.date.slice(5), d.satisfactionAverage]), 5, (v) => v.toFixed(2));
  columns($('chart-wait'), t('waitTrend'), days.map((d) => [d.date.slice(5), d.timeToAgentAverageSeconds]), duration, false);
  bars($('chart-reasons'), t('reasons'), report.handoffReasons.map((r) => [TEXTS[lang]['reasonNames.' + r.reason] || r.reason, r.count]));
  bars($('chart-intents'), t('intents'), report.intents.slice(0, 12).map((r) => [r.intent, r.count]));
}

// The chart area in CSS pixels: the SVG is drawn at exactly this size, never scaled down.
const H = 240;
const TOP = 30;
const BASE = 200;
const LEFT = 70;
const RIGHT = 12;
const widthOf = (box) => Math.max(200, Math.floor(box.clientWidth));
const yOf = (v, max) => BASE - (v * (BASE - TOP)) / max;

function sized(w, h, title) {
  return svg('svg', { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-label': title });
}

/** Accessible wrapper: the SVG is an image with a label, and the same data is a table beside it. */
function chartFrame(box, title, rows, fmt) {
  const open = box.querySelector('details[open]') !== null; // a redraw keeps the data table as it was
  box.replaceChildren();
  if (!rows.length || rows.every((r) => r[1] === null || r[1] === 0)) {
    box.append(el('p', 'empty-note', t('none')));
    return null;
  }
  const s = sized(widthOf(box), H, title);
  box.append(s);
  const details = el('details', 'data-table');
  details.open = open;
  details.append(el('summary', null, t('dataTable')));
  const tb = el('table', 'data');
  const head = el('tr');
  head.append(el('th', null, t('date')), el('th', 'num', t('value')));
  tb.append(head);
  for (const r of rows) {
    const tr = el('tr');
    tr.append(el('td', null, r[0]), el('td', 'num', r[1] === null ? '–' : fmt(r[1]) + (r[2] !== undefined && r[2] !== null ? ' · ' + pct(r[2]) : '')));
    tb.append(tr);
  }
  details.append(tb);
  box.append(details);
  return s;
}

function axis(s, w, max, fmt) {
  for (let i = 0; i <= 4; i++) {
    const y = yOf((max * i) / 4, max);
    s.append(svg('line', { x1: LEFT, x2: w - RIGHT, y1: y, y2: y, stroke: '#e5e7eb' }));
    const label = svg('text', { x: LEFT - 6, y: y + 4, 'text-anchor': 'end' });
    label.textContent = fmt((max * i) / 4);
    s.append(label);
  }
}

function xLabels(s, w, rows, x) {
  const fit = Math.max(1, Math.floor((w - LEFT - RIGHT) / 56)); // an MM-DD label is about 40 px at 13 px
  const step = Math.max(1, Math.ceil(rows.length / fit));
  rows.forEach((r, i) => {
    if (i % step) return;
    const label = svg('text', { x: x(i), y: BASE + 20, 'text-anchor': 'middle' });
    label.textContent = r[0];
    s.append(label);
  });
}

/** Columns per day; with {@code withRate}, the rate (0–1) as a line over them. */
function columns(box, title, rows, fmt, withRate) {
  const s = chartFrame(box, title, rows, fmt);
  if (!s) return;
  const W = Number(s.getAttribute('width'));
  const max = Math.max(1, ...rows.map((r) => r[1] || 0));
  axis(s, W, max, fmt);
  const w = (W - LEFT - RIGHT) / rows.length;
  const x = (i) => LEFT + w * i + w / 2;
  rows.forEach((r, i) => {
    const h = BASE - yOf(r[1] || 0, max);
    const rect = svg('rect', { x: LEFT + w * i + w * 0.15, y: BASE - h, width: Math.max(1, w * 0.7), height: h, fill: '#93c5fd' });
    const tip = svg('title');
    tip.textContent = r[0] + ': ' + fmt(r[1] || 0) + (withRate && r[2] !== null ? ' · ' + pct(r[2]) : '');
    rect.append(tip);
    s.append(rect);
  });
  if (withRate) {
    const pts = rows.map((r, i) => r[2] === null ? null : x(i) + ',' + yOf(r[2], 1)).filter(Boolean);
    if (pts.length) s.append(svg('polyline', { points: pts.join(' '), fill: 'none', stroke: '#1d4ed8', 'stroke-width': 2.5 }));
    for (const p of pts) {
      const [cx, cy] = p.split(',');
      s.append(svg('circle', { cx, cy, r: 3, fill: '#1d4ed8' }));
    }
    const right = svg('text', { x: W - RIGHT, y: 16, 'text-anchor': 'end', class: 'legend' });
    right.textContent = '● ' + t('containment') + ' (0–100 %)';
    s.append(right);
  }
  xLabels(s, W, rows, x);
}

function line(box, title, rows, max, fmt) {
  const s = chartFrame(box, title, rows, fmt);
  if (!s) return;
  const W = Number(s.getAttribute('width'));
  axis(s, W, max, (v) => v.toFixed(1));
  const w = (W - LEFT - RIGHT) / rows.length;
  const x = (i) => LEFT + w * i + w / 2;
  const pts = rows.map((r, i) => r[1] === null ? null : [x(i), yOf(r[1], max)]).filter(Boolean);
  s.append(svg('polyline', { points: pts.map((p) => p.join(',')).join(' '), fill: 'none', stroke: '#1d4ed8', 'stroke-width': 2.5 }));
  for (const p of pts) s.append(svg('circle', { cx: p[0], cy: p[1], r: 3, fill: '#1d4ed8' }));
  xLabels(s, W, rows, x);
}

function bars(box, title, rows) {
  const open = box.querySelector('details[open]') !== null;
  box.replaceChildren();
  if (!rows.length) { box.append(el('p', 'empty-note', t('none'))); return; }
  const h = 28 * rows.length + 10;
  const W = widthOf(box);
  const s = sized(W, h, title);
  const max = Math.max(1, ...rows.map((r) => r[1]));
  const labelW = Math.min(200, Math.floor(W * 0.45));
  const chars = Math.max(8, Math.floor(labelW / 7.5)); // about 7 px a character at 13 px
  rows.forEach((r, i) => {
    const y = 5 + i * 28;
    const label = svg('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'name' });
    label.textContent = r[0].length > chars ? r[0].slice(0, chars - 1) + '…' : r[0];
    const tip = svg('title');
    tip.textContent = r[0];
    label.append(tip);
    const w = (r[1] * (W - labelW - 50)) / max;
    const value = svg('text', { x: labelW + w + 6, y: y + 16 });
    value.textContent = num(r[1]);
    s.append(label, svg('rect', { x: labelW, y: y + 4, width: Math.max(1, w), height: 16, fill: '#60a5fa', rx: 3 }), value);
  });
  box.append(s);
  const details = el('details', 'data-table');
  details.open = open;
  details.append(el('summary', null, t('dataTable')));
  const tb = el('table', 'data');
  for (const r of rows) {
    const tr = el('tr');
    tr.append(el('td', null, r[0]), el('td', 'num', num(r[1])));
    tb.append(tr);
  }
  details.append(tb);
  box.append(details);
}

function table(box, headers, rows) {
  box.replaceChildren();
  if (!rows.length) { box.append(el('p', 'empty-note', t('none'))); return; }
  const tb = el('table', 'data');
  const head = el('tr');
  headers.forEach((h, i) => {
    const th = el('th', i ? 'num' : null, h);
    th.scope = 'col';
    head.append(th);
  });
  tb.append(head);
  for (const r of rows) {
    const tr = el('tr');
    r.forEach((c, i) => tr.append(el('td', i && headers[i] !== t('lang') && headers[i] !== t('lastAsked') ? 'num' : null, c)));
    tb.append(tr);
  }
  box.append(tb);
}

async function downloadCsv(e) {
  e.preventDefault();
  const table = e.currentTarget.dataset.table;
  const res = await fetch('/api/v1/analytics/export?table=' + table + '&' + query(), { headers: { Authorization: 'Bearer ' + token } });
  if (!res.ok) { showError(res.statusText); return; }
  const blob = await res.blob();
  const name = (res.headers.get('Content-Disposition') || '').match(/filename="([^"]+)"/);
  const a = el('a');
  a.href = URL.createObjectURL(blob);
  a.download = name ? name[1] : table + '.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

const today = new Date();
const iso = (d) => d.toISOString().slice(0, 10);
$('to').value = iso(today);
$('from').value = iso(new Date(today.getTime() - 29 * 86400000));
$('lang').value = lang;
$('lang').addEventListener('change', () => { lang = $('lang').value; localStorage.setItem('relevo.lang', lang); render(); });
$('filters').addEventListener('submit', (e) => { e.preventDefault(); load(); });
// redrawn at their new size when the page's width changes (a window resized, a zoom)
let drawnAt = 0;
new ResizeObserver(() => {
  const w = $('chart-reasons').clientWidth;
  if (w !== drawnAt) { drawnAt = w; drawCharts(); }
}).observe(document.querySelector('.grid'));
document.querySelectorAll('a.csv').forEach((a) => a.addEventListener('click', downloadCsv));
render();
load();
