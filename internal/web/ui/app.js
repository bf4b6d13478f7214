// convene's web UI: one page, views chosen from the address, data from
// /api/v1. DOM is built with textContent only: graph data is never parsed
// as HTML.
'use strict';

const main = document.getElementById('main');
const CLASS_COLOURS = {
  'breaks': '#c62828', 'may-break': '#ef6c00', 'update-copy': '#6a1b9a', 'restart': '#1565c0',
  'orphaned': '#5d4037', 'indirect': '#78909c', 'auto': '#2e7d32', 'target': '#111827',
};
const KIND_COLOURS = {
  identity: '#1565c0', credential: '#c62828', policy: '#6a1b9a', workload: '#2e7d32', owner: '#ef6c00', location: '#78909c',
};

// el builds an element: el('a', {href: '/x'}, 'text', child…).
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// shortLabel is what the picture prints under a node: the ID's last
// segment; the full ID is in the tables and on the node's page.
function shortLabel(id) {
  const cut = Math.max(id.lastIndexOf('/', id.length - 2), id.indexOf(':'));
  const s = cut >= 0 ? id.slice(cut + 1) : id;
  return s.length > 40 ? s.slice(0, 39) + '…' : s;
}

function nodeHref(id) { return '/ui/nodes/' + encodeURIComponent(id); }
function nodeLink(id) { return el('a', {href: nodeHref(id), class: 'mono'}, id); }

// api calls the API with the token, if one was given; a problem becomes a
// thrown Error carrying the problem document.
async function api(path, opts = {}) {
  const headers = Object.assign({}, opts.headers || {});
  const token = sessionStorage.getItem('convene-token');
  if (token) headers['Authorization'] = 'Bearer ' + token;
  const resp = await fetch(path, Object.assign({}, opts, {headers, credentials: 'same-origin'}));
  if (resp.status === 401) document.getElementById('auth').hidden = false;
  if (!resp.ok) {
    let p = {title: resp.statusText, detail: resp.statusText, status: resp.status};
    try { p = await resp.json(); } catch (_) { /* not JSON */ }
    const err = new Error(p.detail || p.title);
    err.problem = p;
    throw err;
  }
  const ct = resp.headers.get('Content-Type') || '';
  return ct.includes('json') ? resp.json() : resp.text();
}

function showProblem(err) {
  const p = err.problem || {detail: String(err)};
  const box = el('div', {class: 'problem', role: 'alert'}, p.detail || p.title);
  if (p.candidates && p.candidates.length) {
    box.append(el('ul', {class: 'plain'}, p.candidates.map(c => el('li', {}, nodeLink(c)))));
  }
  return box;
}

function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))),
    el('tbody', {}, rows.map(r => el('tr', {}, r.map(c => el('td', {}, c))))));
}

function evidenceList(evs) {
  return el('div', {}, (evs || []).map(e => el('div', {class: 'ev'}, e.text || e)));
}

// picture draws nodes and edges with Cytoscape; a click on a node opens it.
function picture(container, elements, opts) {
  if (typeof cytoscape !== 'function') {
    container.append(el('p', {class: 'muted'}, 'The picture library did not load.'));
    return null;
  }
  const cy = cytoscape({
    container, elements, wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 3,
    style: [
      {selector: 'node', style: {'label': 'data(label)', 'font-size': 10, 'text-wrap': 'ellipsis', 'text-max-width': 140, 'text-background-color': '#fff', 'text-background-opacity': 0.8, 'text-background-padding': 1,
        'background-color': 'data(colour)', 'color': '#1d2330', 'text-valign': 'bottom', 'text-margin-y': 4, 'width': 18, 'height': 18}},
      {selector: 'node.focus', style: {'width': 28, 'height': 28, 'border-width': 3, 'border-color': '#111827'}},
      {selector: 'edge', style: {'width': 1.5, 'line-color': '#aab2c0', 'target-arrow-color': '#aab2c0', 'target-arrow-shape': 'triangle',
        'curve-style': 'bezier', 'label': 'data(label)', 'font-size': 8, 'color': '#5c6475', 'text-rotation': 'autorotate'}},
    ],
    layout: opts.layout,
  });
  cy.on('tap', 'node', ev => navigate(nodeHref(ev.target.id())));
  return cy;
}

// ---- search with suggestions ------------------------------------------
const q = document.getElementById('q');
const suggest = document.getElementById('suggest');
let suggestTimer = null, active = -1;

function renderSuggestions(nodes) {
  suggest.replaceChildren(...nodes.map((n, i) => el('li', {role: 'option', 'data-id': n.id, class: i === active ? 'active' : '',
    onmousedown: e => { e.preventDefault(); openSuggestion(n.id); }}, el('span', {class: 'mono'}, n.id), el('span', {class: 'kind'}, n.kind + ' · ' + n.type))));
  suggest.hidden = nodes.length === 0;
}
function openSuggestion(id) { suggest.hidden = true; q.value = ''; navigate(nodeHref(id)); }

q.addEventListener('input', () => {
  clearTimeout(suggestTimer);
  const text = q.value.trim();
  if (!text) { suggest.hidden = true; return; }
  suggestTimer = setTimeout(async () => {
    try {
      const res = await api('/api/v1/nodes?limit=12&q=' + encodeURIComponent(text));
      active = -1;
      renderSuggestions(res.nodes);
    } catch (_) { suggest.hidden = true; }
  }, 150);
});
q.addEventListener('keydown', e => {
  const items = [...suggest.children];
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    active = (active + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % Math.max(items.length, 1);
    items.forEach((li, i) => li.classList.toggle('active', i === active));
  } else if (e.key === 'Enter') {
    e.preventDefault();
    if (active >= 0 && items[active]) openSuggestion(items[active].dataset.id);
    else if (q.value.trim()) { navigate('/ui/?q=' + encodeURIComponent(q.value.trim())); suggest.hidden = true; }
  } else if (e.key === 'Escape') suggest.hidden = true;
});
q.addEventListener('blur', () => setTimeout(() => { suggest.hidden = true; }, 100));

// ---- views ---------------------------------------------------------------
async function viewHome(params) {
  const text = params.get('q') || '';
  main.replaceChildren(el('h1', {}, text ? 'Nodes matching “' + text + '”' : 'Search the estate'));
  if (!text) {
    main.append(el('p', {class: 'muted'}, 'Type a node ID, a name or the end of an ID in the search box: a secret, a role, a job. ',
      'Open a node to see what depends on it and who owns it, then plan a change to it.'));
    const creds = await api('/api/v1/nodes?kind=credential&limit=25');
    main.append(el('h2', {}, 'Credentials'), table(['ID', 'Type', 'Name'], creds.nodes.map(n => [nodeLink(n.id), n.type, n.name || ''])));
    if (creds.truncated) main.append(el('p', {class: 'muted'}, 'More credentials exist; search for them.'));
    return;
  }
  const res = await api('/api/v1/nodes?limit=100&q=' + encodeURIComponent(text));
  main.append(table(['ID', 'Kind', 'Type', 'Name'], res.nodes.map(n => [nodeLink(n.id), n.kind, n.type, n.name || ''])));
  if (res.truncated) main.append(el('p', {class: 'muted'}, 'More nodes match; narrow the search.'));
}

async function viewNode(id) {
  const n = await api('/api/v1/nodes/' + encodeURIComponent(id));
  document.title = n.id + ' · convene';
  const cyBox = el('div', {class: 'cy', id: 'cy'});
  main.replaceChildren(
    el('h1', {}, n.id),
    el('div', {class: 'toolbar'}, el('span', {class: 'kind'}, n.kind + ' · ' + n.type + (n.name ? ' · ' + n.name : '')),
      el('a', {href: '/ui/plan?action=rotate&target=' + encodeURIComponent(n.id), id: 'plan-this'}, el('button', {type: 'button'}, 'Plan a change'))),
    el('h2', {}, 'Neighbourhood'),
    el('p', {class: 'muted'}, 'An arrow A → B means A depends on B. Click a node to open it.'),
    cyBox);
  const elements = [{data: {id: n.id, label: shortLabel(n.id), colour: KIND_COLOURS[n.kind] || '#555'}, classes: 'focus'}];
  const seen = new Set([n.id]);
  const edges = [...n.out, ...n.in].slice(0, 80);
  for (const e of edges) {
    if (!seen.has(e.peer.id)) {
      seen.add(e.peer.id);
      elements.push({data: {id: e.peer.id, label: shortLabel(e.peer.id), colour: KIND_COLOURS[e.peer.kind] || '#555'}});
    }
    elements.push({data: {id: e.from + '|' + e.kind + '|' + e.to, source: e.from, target: e.to, label: e.kind}});
  }
  picture(cyBox, elements, {layout: {name: 'concentric', concentric: node => node.id() === n.id ? 2 : 1, levelWidth: () => 1, minNodeSpacing: 40, animate: false}});
  if (n.out.length + n.in.length > edges.length) main.append(el('p', {class: 'muted'}, 'The picture shows the first ' + edges.length + ' edges; the tables list all.'));

  main.append(el('h2', {}, 'Owners'));
  if (!n.ownable) main.append(el('p', {class: 'muted'}, 'This kind of node has no owner.'));
  else if (n.owners.length === 0) main.append(el('p', {class: 'problem'}, 'No owner: no owners-file rule, tag, catalog entry or CODEOWNERS names one, and none is inherited.'));
  else main.append(table(['Owner', 'From', 'Effective', 'Evidence'], n.owners.map(o => [
    el('span', {}, nodeLink(o.id), o.name ? ' (' + o.name + ')' : '', o.via ? el('div', {class: 'muted'}, 'via ' + o.via) : ''),
    o.source + (o.raw ? ' as ' + o.raw : ''), o.effective ? 'yes' : 'overridden', evidenceList(o.evidence)])));
  for (const c of n.owner_conflicts || []) main.append(el('p', {class: 'problem'}, 'Conflict: ' + c));

  const attrs = Object.entries(n.attributes).sort(([a], [b]) => a.localeCompare(b));
  if (n.schedule) attrs.unshift(['schedule', n.schedule.expr + ' (' + (n.schedule.dialect || '') + ', ' + (n.schedule.time_zone || 'default time zone') + ')']);
  if (attrs.length) main.append(el('h2', {}, 'Attributes'), table(['Name', 'Value'], attrs.map(([k, v]) => [el('code', {}, k), v])));
  main.append(el('h2', {}, 'Evidence'), evidenceList(n.evidence));
  // A hub (an account, a team) may have thousands of edges: list the
  // first 500 of each side; the API has them all.
  const edgeRows = (list, peerOf) => list.slice(0, 500).map(e => [el('code', {}, e.kind), nodeLink(peerOf(e)), evidenceList(e.evidence)]);
  const more = list => list.length > 500 ? el('p', {class: 'muted'}, (list.length - 500) + ' more; the API lists them all.') : '';
  main.append(el('h2', {}, 'Depends on (' + n.out.length + ')'), table(['Edge', 'Node', 'Evidence'], edgeRows(n.out, e => e.to)), more(n.out));
  main.append(el('h2', {}, 'Depended on by (' + n.in.length + ')'), table(['Edge', 'Node', 'Evidence'], edgeRows(n.in, e => e.from)), more(n.in));
}

const ACTIONS = ['rotate', 'revoke', 'disable', 'delete', 'modify', 'decommission'];

function planForm(params) {
  const field = (label, input) => [el('label', {for: input.id}, label), input];
  const action = el('select', {id: 'action', name: 'action'}, ACTIONS.map(a => el('option', {value: a, selected: params.get('action') === a}, a)));
  const targets = el('textarea', {id: 'targets', name: 'target', rows: 2, placeholder: 'one node ID, suffix or name per line', required: true});
  targets.value = params.getAll('target').join('\n');
  const mk = (id, ph) => { const i = el('input', {id, name: id, placeholder: ph}); i.value = params.get(id) || ''; return i; };
  const form = el('form', {class: 'grid', id: 'plan-form'},
    field('Action', action), field('Targets', targets),
    field('Window', mk('window', '2026-12-01T22:00Z/2h')), field('Environment', mk('environment', 'production')),
    field('Ticket', mk('ticket', 'CHG-1234')), field('Notes', mk('notes', '')),
    el('span'), el('div', {}, el('button', {type: 'submit', id: 'plan-submit'}, 'Plan')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const p = new URLSearchParams();
    p.set('action', action.value);
    for (const t of targets.value.split('\n').map(s => s.trim()).filter(Boolean)) p.append('target', t);
    for (const k of ['window', 'environment', 'ticket', 'notes']) {
      const v = form.elements[k].value.trim();
      if (v) p.set(k, v);
    }
    navigate('/ui/plan?' + p.toString());
  });
  return form;
}

function changeOf(params) {
  const ch = {action: params.get('action') || '', targets: params.getAll('target')};
  for (const k of ['window', 'environment', 'ticket', 'notes']) if (params.get(k)) ch[k] = params.get(k);
  return ch;
}

async function postPlan(ch, accept) {
  return api('/api/v1/plans', {method: 'POST', body: JSON.stringify(ch),
    headers: {'Content-Type': 'application/json', 'Accept': accept}});
}

async function viewPlan(params) {
  main.replaceChildren(el('h1', {}, 'Plan a change'), planForm(params));
  if (!params.get('action') || params.getAll('target').length === 0) return;
  const ch = changeOf(params);
  const p = await postPlan(ch, 'application/json');
  document.title = 'Plan: ' + p.change.action + ' ' + p.targets.join(', ') + ' · convene';
  const download = (accept, ext) => el('button', {type: 'button', class: 'secondary', id: 'download-' + ext, onclick: async () => {
    const text = await postPlan(ch, accept);
    const a = el('a', {href: URL.createObjectURL(new Blob([text], {type: accept})), download: 'plan.' + ext});
    document.body.append(a); a.click(); a.remove();
  }}, 'Download ' + (ext === 'md' ? 'Markdown' : 'HTML'));
  const out = el('section', {id: 'plan'},
    el('h1', {}, p.change.action + ' ' + p.targets.join(', ')),
    el('div', {class: 'toolbar'}, el('span', {class: 'tier ' + p.risk.tier}, p.risk.tier + ' risk'),
      el('span', {class: 'muted'}, (p.risk.reasons || []).join('; ')), download('text/markdown', 'md'), download('text/html', 'html')),
    p.change.window_start ? el('p', {}, 'Window: ' + p.change.window_start + ' to ' + p.change.window_end) : '',
    p.change.ticket ? el('p', {}, 'Ticket: ' + p.change.ticket) : '');
  main.append(out);

  const cyBox = el('div', {class: 'cy', id: 'plan-cy'});
  out.append(el('h2', {}, 'Impact (' + p.impacted.length + ')'),
    el('div', {class: 'legend'}, Object.entries(CLASS_COLOURS).map(([c, col]) => el('span', {}, el('span', {class: 'cls', 'data-colour': col}, c)))), cyBox);
  for (const s of out.querySelectorAll('.cls[data-colour]')) s.style.background = s.dataset.colour;
  const elements = [], seen = new Set();
  const addNode = (id, cls) => { if (!seen.has(id)) { seen.add(id); elements.push({data: {id, label: shortLabel(id), colour: CLASS_COLOURS[cls] || '#90a4ae'}, classes: cls === 'target' ? 'focus' : ''}); } };
  p.targets.forEach(t => addNode(t, 'target'));
  const shown = p.impacted.slice(0, 150);
  shown.forEach(im => addNode(im.id, im.impact));
  const edgeSeen = new Set();
  for (const im of shown) for (const e of im.path || []) {
    addNode(e.from, 'indirect'); addNode(e.to, 'indirect');
    const id = e.from + '|' + e.kind + '|' + e.to;
    if (!edgeSeen.has(id)) { edgeSeen.add(id); elements.push({data: {id, source: e.from, target: e.to, label: e.kind}}); }
  }
  picture(cyBox, elements, {layout: {name: 'breadthfirst', directed: false, roots: p.targets.map(t => '#' + CSS.escape(t)), spacingFactor: 1.1, animate: false}});

  out.append(table(['Impact', 'Node', 'Owners', 'Path', 'Runs in window'], p.impacted.map(im => [
    el('span', {class: 'cls', 'data-colour': CLASS_COLOURS[im.impact] || '#90a4ae'}, im.impact),
    el('span', {}, nodeLink(im.id), el('div', {class: 'kind'}, im.kind + ' · ' + im.type)),
    im.owners.length ? el('span', {}, im.owners.map(o => el('div', {}, nodeLink(o.id), o.via && o.via !== 'direct' ? el('span', {class: 'muted'}, ' ' + o.via) : ''))) : el('strong', {}, 'NO OWNER'),
    el('div', {class: 'ev'}, (im.path || []).map(e => e.from + ' -' + e.kind + '-> ' + e.to).join('\n')),
    (im.runs || []).join(', ') || (im.next_run ? 'next ' + im.next_run : '')])));
  for (const s of out.querySelectorAll('.cls[data-colour]')) s.style.background = s.dataset.colour;

  out.append(el('h2', {id: 'invite'}, 'Invite (' + p.invite.length + ')'));
  for (const inv of p.invite) {
    const contacts = Object.entries(inv.contacts || {}).map(([k, v]) => k + ': ' + v).join(' · ');
    out.append(el('div', {class: 'card invitee'},
      el('strong', {}, inv.owner), inv.name ? ' — ' + inv.name : '', ' ', el('span', {class: 'kind'}, (inv.roles || []).join(', ')),
      contacts ? el('div', {class: 'muted'}, contacts) : '',
      el('div', {}, 'Why:'), el('ul', {class: 'plain'}, (inv.why || []).map(w => el('li', {}, w))),
      el('div', {}, 'Ask:'), el('ul', {class: 'plain'}, (inv.questions || []).map(w => el('li', {}, w)))));
  }
  if (p.steps && p.steps.length) {
    out.append(el('h2', {}, 'Steps'), el('ol', {}, p.steps.map(s => el('li', {}, s.title || s.action || JSON.stringify(s),
      s.owners && s.owners.length ? el('span', {class: 'muted'}, ' — ' + s.owners.join(', ')) : ''))));
  }
  if (p.unowned.length) out.append(el('h2', {}, 'Unowned'), el('ul', {class: 'plain'}, p.unowned.map(id => el('li', {}, nodeLink(id)))));
  if (p.findings.length) out.append(el('h2', {}, 'Findings'), el('ul', {class: 'plain'}, p.findings.map(f => el('li', {}, el('span', {class: 'sev ' + f.severity}, f.severity), ' ', f.rule + ': ' + f.message))));
  if (p.diagnostics.length) out.append(el('h2', {}, 'Notes'), el('ul', {class: 'plain'}, p.diagnostics.map(d => el('li', {}, d))));
}

async function viewFindings(params) {
  const sev = el('select', {id: 'severity'}, ['', 'critical', 'high', 'medium', 'low'].map(s => el('option', {value: s, selected: params.get('severity') === s}, s || 'any severity')));
  const rule = el('input', {id: 'rule', placeholder: 'rule or glob, e.g. NHI-OIDC-*'});
  rule.value = params.get('rule') || '';
  const apply = () => {
    const p = new URLSearchParams();
    if (sev.value) p.set('severity', sev.value);
    if (rule.value.trim()) p.set('rule', rule.value.trim());
    navigate('/ui/findings' + (p.toString() ? '?' + p : ''));
  };
  const form = el('form', {class: 'toolbar', onsubmit: e => { e.preventDefault(); apply(); }}, sev, rule, el('button', {type: 'submit'}, 'Filter'));
  main.replaceChildren(el('h1', {}, 'Findings'), form);
  const qs = new URLSearchParams();
  if (params.get('severity')) qs.set('severity', params.get('severity'));
  if (params.get('rule')) qs.set('rule', params.get('rule'));
  const r = await api('/api/v1/findings?' + qs);
  main.append(el('p', {class: 'muted'}, r.findings.length + ' open findings'),
    table(['Severity', 'Rule', 'Finding', 'Nodes'], r.findings.map(f => [el('span', {class: 'sev ' + f.severity}, f.severity),
      el('span', {}, el('code', {}, f.rule), el('div', {class: 'muted'}, f.title || '')),
      el('span', {}, f.message, f.new ? el('strong', {}, ' new') : '', evidenceList(f.evidence)),
      el('span', {}, f.nodes.map(id => el('div', {}, nodeLink(id))))])));
}

async function viewDrift(params) {
  const snaps = await api('/api/v1/snapshots');
  const pick = (id, val, blank) => el('select', {id}, el('option', {value: ''}, blank),
    snaps.snapshots.map(s => el('option', {value: String(s.id), selected: val === String(s.id)}, '#' + s.id + ' ' + s.source + ' ' + s.created_at.slice(0, 19).replace('T', ' ') + ' UTC')));
  const from = pick('from', params.get('from') || '', 'the state before'), to = pick('to', params.get('to') || '', 'latest');
  const form = el('form', {class: 'toolbar', onsubmit: e => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (from.value) p.set('from', from.value);
    if (to.value) p.set('to', to.value);
    navigate('/ui/drift' + (p.toString() ? '?' + p : ''));
  }}, 'From', from, 'to', to, el('button', {type: 'submit'}, 'Compare'));
  main.replaceChildren(el('h1', {}, 'Drift'), form);
  const qs = new URLSearchParams();
  if (params.get('from')) qs.set('from', params.get('from'));
  if (params.get('to')) qs.set('to', params.get('to'));
  const d = await api('/api/v1/drift?' + qs);
  main.append(el('p', {class: 'muted'}, 'From ' + d.from + ' to ' + d.to));
  const total = ['added', 'removed', 'changed'].reduce((n, w) => n + (d.nodes[w] || []).length + (d.edges[w] || []).length, 0);
  if (total === 0) main.append(el('p', {id: 'no-drift'}, 'No change between these states.'));
  for (const what of ['added', 'removed', 'changed']) {
    const ns = d.nodes[what] || [];
    if (ns.length) main.append(el('h2', {}, 'Nodes ' + what + ' (' + ns.length + ')'), table(['Node', 'Kind', 'Owners', 'Changes'], ns.map(n => [
      what === 'removed' ? el('code', {}, n.id) : nodeLink(n.id), n.kind + (n.type ? ' · ' + n.type : ''), (n.owners || []).join(', '),
      el('div', {class: 'ev'}, (n.changes || []).map(c => c.field + ': ' + c.old + ' → ' + c.new).join('\n'))])));
  }
  for (const what of ['added', 'removed', 'changed']) {
    const es = d.edges[what] || [];
    if (es.length) main.append(el('h2', {}, 'Edges ' + what + ' (' + es.length + ')'), table(['From', 'Edge', 'To'], es.map(e => [el('code', {}, e.from), e.kind, el('code', {}, e.to)])));
  }
}

async function viewOwners() {
  const o = await api('/api/v1/owners');
  main.replaceChildren(el('h1', {}, 'Owners'), table(['Owner', 'Name', 'Owns'], o.owners.map(x => [nodeLink(x.id), x.name || '', String(x.owns)])));
  const unowned = Object.entries(o.unowned);
  if (unowned.length) main.append(el('h2', {}, 'Unowned'), table(['Kind', 'Nodes'], unowned.map(([k, ids]) => [k, el('div', {}, ids.slice(0, 50).map(id => el('div', {}, nodeLink(id))), ids.length > 50 ? el('div', {class: 'muted'}, '… ' + (ids.length - 50) + ' more') : '')])));
  if (o.unresolved.length) main.append(el('h2', {}, 'Owner hints naming no known owner'), table(['Node', 'Attribute', 'Value'], o.unresolved.map(u => [nodeLink(u.node), u.attribute, u.value])));
}

// ---- routing ---------------------------------------------------------------
async function route() {
  const url = new URL(location.href);
  const path = url.pathname;
  document.title = 'convene';
  main.replaceChildren(el('p', {class: 'muted'}, 'Loading…'));
  try {
    if (path.startsWith('/ui/nodes/')) await viewNode(decodeURIComponent(path.slice('/ui/nodes/'.length)));
    else if (path === '/ui/plan') await viewPlan(url.searchParams);
    else if (path === '/ui/findings') await viewFindings(url.searchParams);
    else if (path === '/ui/drift') await viewDrift(url.searchParams);
    else if (path === '/ui/owners') await viewOwners();
    else await viewHome(url.searchParams);
  } catch (err) {
    main.append(showProblem(err));
    const loading = main.querySelector('p.muted');
    if (loading && loading.textContent === 'Loading…') loading.remove();
  }
  document.body.dataset.ready = path;
}

function navigate(href) {
  history.pushState(null, '', href);
  route();
}

document.addEventListener('click', e => {
  const a = e.target.closest('a[href^="/ui/"]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || a.target) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', route);
document.getElementById('auth-form').addEventListener('submit', e => {
  e.preventDefault();
  sessionStorage.setItem('convene-token', document.getElementById('token').value);
  document.getElementById('auth').hidden = true;
  route();
});
api('/api/v1/snapshots').then(s => { document.getElementById('state').textContent = s.label || 'no snapshot'; }).catch(() => {});
route();
