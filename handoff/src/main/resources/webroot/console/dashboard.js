// Relevo analytics dashboard (supervisors): the report of GET /api/v1/analytics drawn as SVG charts
// and tables, with period and channel filters and CSV downloads. No build step, no chart library.
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const token = sessionStorage.getItem('relevo.agent');

const TEXTS = {
  en: {
    subtitle: 'analytics', back: 'Agent console', language: 'Language', filters: 'Filters', from: 'From', to: 'To',
    channel: 'Channel', allChannels: 'All channels', apply: 'Apply', summary: 'Summary',
    containmentTrend: 'Conversations and containment per day', csatTrend: 'Satisfaction per day (1–5)',
    waitTrend: 'Average time to an agent per day', reasons: 'Handoff reasons', intents: 'Top intents',
    articles: 'Deflection per article', gaps: 'Top unanswered questions', csv: 'Download CSV',
    signedOut: 'Sign in to the agent console as a supervisor first.',
    conversations: 'Conversations', containment: 'Resolved by the bot', selfService: 'Answers that helped',
    handoffs: 'Handoffs', satisfaction: 'Satisfaction', timeToAgent: 'Average time to an agent',
    unanswered: 'Unanswered questions', abandoned: 'Abandoned', none: 'No data for this period.',
    article: 'Article', shown: 'Shown', helpful: 'Helpful', notHelpful: 'Not helpful', deflected: 'Deflected',
    deflectionRate: 'Deflection rate', question: 'Question', lang: 'Language', count: 'Times asked',
    lastAsked: 'Last asked', date: 'Date', value: 'Value', dataTable: 'Show the data as a table',
    loading: 'Loading…', updated: 'Updated.', badPeriod: 'Choose a start date before the end date.',
    forbidden: 'This page needs the supervisor role.',
    reasonNames: { asked_for_person: 'Asked for a person', not_helped: 'Answers did not help',
      not_understood: 'Not understood', frustration: 'Frustration', account_locked: 'Locked account',
      critical: 'Critical incident' }
  },
  es: {
    subtitle: 'analítica', back: 'Consola de agentes', language: 'Idioma', filters: 'Filtros', from: 'Desde', to: 'Hasta',
    channel: 'Canal', allChannels: 'Todos los canales', apply: 'Aplicar', summary: 'Resumen',
    containmentTrend: 'Conversaciones y contención por día', csatTrend: 'Satisfacción por día (1–5)',
    waitTrend: 'Tiempo medio hasta un agente por día', reasons: 'Motivos de derivación', intents: 'Intenciones más frecuentes',
    articles: 'Deflexión por artículo', gaps: 'Preguntas sin respuesta más frecuentes', csv: 'Descargar CSV',
    signedOut: 'Inicia sesión primero en la consola de agentes con el rol de supervisor.',
    conversations: 'Conversaciones', containment: 'Resueltas por el bot', selfService: 'Respuestas que ayudaron',
    handoffs: 'Derivaciones', satisfaction: 'Satisfacción', timeToAgent: 'Tiempo medio hasta un agente',
    unanswered: 'Preguntas sin respuesta', abandoned: 'Abandonadas', none: 'Sin datos en este periodo.',
    article: 'Artículo', shown: 'Mostrado', helpful: 'Útil', notHelpful: 'No útil', deflected: 'Resolvió',
    deflectionRate: 'Tasa de deflexión', question: 'Pregunta', lang: 'Idioma', count: 'Veces',
    lastAsked: 'Última vez', date: 'Fecha', value: 'Valor', dataTable: 'Ver los datos en una tabla',
    loading: 'Cargando…', updated: 'Actualizado.', badPeriod: 'Elige una fecha de inicio anterior a la de fin.',
    forbidden: 'Esta página requiere el rol de supervisor.',
    reasonNames: { asked_for_person: 'Pidió una persona', not_helped: 'Las respuestas no ayudaron',
      not_understood: 'No se entendió', frustration: 'Frustración', account_locked: 'Cuenta bloqueada',
      critical: 'Incidencia crítica' }
  }
};
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
    [t('abandoned'), num(k.abandoned)]
  ];
  const dl = $('kpis');
  dl.replaceChildren();
  for (const [label, value] of kpis) {
    const d = el('div');
    d.append(el('dt', null, label), el('dd', null, value));
    dl.append(d);
  }
  const days = report.days;
  columns($('chart-containment'), t('containmentTrend'), days.map((d) => [d.date.slice(5), d.conversations, d.containmentRate]),
    (v) => num(v), true);
  line($('chart-csat'), t('csatTrend'), days.map((d) => [d.date.slice(5), d.satisfactionAverage]), 5, (v) => v.toFixed(2));
  columns($('chart-wait'), t('waitTrend'), days.map((d) => [d.date.slice(5), d.timeToAgentAverageSeconds]), duration, false);
  const names = t('reasonNames');
  bars($('chart-reasons'), t('reasons'), report.handoffReasons.map((r) => [names[r.reason] || r.reason, r.count]));
  bars($('chart-intents'), t('intents'), report.intents.slice(0, 12).map((r) => [r.intent, r.count]));
  table($('table-articles'), [t('article'), t('shown'), t('helpful'), t('notHelpful'), t('deflected'), t('deflectionRate')],
    report.articles.map((a) => [a.title || a.articleId, num(a.shown), num(a.helpful), num(a.notHelpful), num(a.deflected),
      pct(a.deflectionRate)]));
  table($('table-gaps'), [t('question'), t('lang'), t('count'), t('lastAsked')],
    report.unanswered.map((g) => [g.question, g.lang, num(g.count), g.lastAsked ? new Date(g.lastAsked).toLocaleString(lang) : '']));
}

/** Accessible wrapper: the SVG is an image with a label, and the same data is a table beside it. */
function chartFrame(box, title, rows, fmt) {
  box.replaceChildren();
  if (!rows.length || rows.every((r) => r[1] === null || r[1] === 0)) {
    box.append(el('p', 'empty-note', t('none')));
    return null;
  }
  const s = svg('svg', { viewBox: '0 0 600 220', role: 'img', 'aria-label': title });
  box.append(s);
  const details = el('details', 'data-table');
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

function axis(s, max, fmt) {
  for (let i = 0; i <= 4; i++) {
    const y = 190 - (i * 170) / 4;
    s.append(svg('line', { x1: 50, x2: 590, y1: y, y2: y, stroke: '#e5e7eb' }));
    const label = svg('text', { x: 46, y: y + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#4b5563' });
    label.textContent = fmt((max * i) / 4);
    s.append(label);
  }
}

function xLabels(s, rows, x) {
  const step = Math.max(1, Math.ceil(rows.length / 10));
  rows.forEach((r, i) => {
    if (i % step) return;
    const label = svg('text', { x: x(i), y: 207, 'text-anchor': 'middle', 'font-size': 11, fill: '#4b5563' });
    label.textContent = r[0];
    s.append(label);
  });
}

/** Columns per day; with {@code withRate}, the rate (0–1) as a line over them. */
function columns(box, title, rows, fmt, withRate) {
  const s = chartFrame(box, title, rows, fmt);
  if (!s) return;
  const max = Math.max(1, ...rows.map((r) => r[1] || 0));
  axis(s, max, fmt);
  const w = 540 / rows.length;
  const x = (i) => 50 + w * i + w / 2;
  rows.forEach((r, i) => {
    const h = ((r[1] || 0) * 170) / max;
    const rect = svg('rect', { x: 50 + w * i + w * 0.15, y: 190 - h, width: Math.max(1, w * 0.7), height: h, fill: '#93c5fd' });
    const tip = svg('title');
    tip.textContent = r[0] + ': ' + fmt(r[1] || 0) + (withRate && r[2] !== null ? ' · ' + pct(r[2]) : '');
    rect.append(tip);
    s.append(rect);
  });
  if (withRate) {
    const pts = rows.map((r, i) => r[2] === null ? null : x(i) + ',' + (190 - r[2] * 170)).filter(Boolean);
    if (pts.length) s.append(svg('polyline', { points: pts.join(' '), fill: 'none', stroke: '#1d4ed8', 'stroke-width': 2.5 }));
    for (const p of pts) {
      const [cx, cy] = p.split(',');
      s.append(svg('circle', { cx, cy, r: 3, fill: '#1d4ed8' }));
    }
    const right = svg('text', { x: 596, y: 24, 'text-anchor': 'end', 'font-size': 11, fill: '#1d4ed8' });
    right.textContent = '● ' + t('containment') + ' (0–100 %)';
    s.append(right);
  }
  xLabels(s, rows, x);
}

function line(box, title, rows, max, fmt) {
  const s = chartFrame(box, title, rows, fmt);
  if (!s) return;
  axis(s, max, (v) => v.toFixed(1));
  const w = 540 / rows.length;
  const x = (i) => 50 + w * i + w / 2;
  const pts = rows.map((r, i) => r[1] === null ? null : [x(i), 190 - (r[1] * 170) / max]).filter(Boolean);
  s.append(svg('polyline', { points: pts.map((p) => p.join(',')).join(' '), fill: 'none', stroke: '#1d4ed8', 'stroke-width': 2.5 }));
  for (const p of pts) s.append(svg('circle', { cx: p[0], cy: p[1], r: 3, fill: '#1d4ed8' }));
  xLabels(s, rows, x);
}

function bars(box, title, rows) {
  box.replaceChildren();
  if (!rows.length) { box.append(el('p', 'empty-note', t('none'))); return; }
  const h = 26 * rows.length + 10;
  const s = svg('svg', { viewBox: `0 0 600 ${h}`, role: 'img', 'aria-label': title });
  const max = Math.max(1, ...rows.map((r) => r[1]));
  rows.forEach((r, i) => {
    const y = 5 + i * 26;
    const label = svg('text', { x: 190, y: y + 15, 'text-anchor': 'end', 'font-size': 12, fill: '#111827' });
    label.textContent = r[0].length > 30 ? r[0].slice(0, 29) + '…' : r[0];
    const w = (r[1] * 350) / max;
    const value = svg('text', { x: 200 + w + 6, y: y + 15, 'font-size': 12, fill: '#4b5563' });
    value.textContent = num(r[1]);
    s.append(label, svg('rect', { x: 200, y: y + 3, width: Math.max(1, w), height: 16, fill: '#60a5fa', rx: 3 }), value);
  });
  box.append(s);
  const details = el('details', 'data-table');
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
document.querySelectorAll('a.csv').forEach((a) => a.addEventListener('click', downloadCsv));
render();
load();
