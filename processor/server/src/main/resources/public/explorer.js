// The lineage explorer: a page over Pedigree's public HTTP API (nothing else), drawn with Cytoscape.js.
'use strict';

const KINDS = ['DATASET', 'DATASET_FIELD', 'DATASET_VERSION', 'JOB', 'RUN', 'MODEL', 'MODEL_VERSION', 'PREDICTION'];
const COLORS = {
  DATASET: '#9ecae1', DATASET_FIELD: '#c6dbef', DATASET_VERSION: '#3182bd', JOB: '#fdd0a2', RUN: '#e6550d',
  MODEL: '#c7e9c0', MODEL_VERSION: '#31a354', PREDICTION: '#756bb1'
};
const NODE_PREFIXES = ['dataset:', 'datasetField:', 'datasetVersion:', 'job:', 'run:', 'model:', 'modelVersion:',
  'prediction:'];

const state = { nodes: new Map(), edges: new Map(), alerts: [], selected: null };
const $ = (id) => document.getElementById(id);

// RFC 3986 unreserved characters kept, as Pedigree's node ids encode their parts.
const part = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const q = (s) => encodeURIComponent(s);

async function api(path) {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem('pedigree.token');
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(path, { headers });
  if (response.status === 401) {
    const entered = prompt('This Pedigree needs an API token (PEDIGREE_API_TOKEN):');
    if (entered) { sessionStorage.setItem('pedigree.token', entered); return api(path); }
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.message || body.error || ('HTTP ' + response.status));
    error.status = response.status;
    throw error;
  }
  return body;
}

function asOf() {
  const value = $('asOf').value;
  return value ? '&asOf=' + q(new Date(value).toISOString()) : '';
}

function status(text, isError) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

const cy = cytoscape({
  container: $('graph'),
  wheelSensitivity: 0.2,
  style: [
    { selector: 'node', style: {
      'background-color': (n) => COLORS[n.data('kind')] || '#999', label: 'data(label)', 'font-size': 15,
      'text-valign': 'bottom', 'text-wrap': 'ellipsis', 'text-max-width': 112, width: 22, height: 22 } },
    { selector: 'node[kind = "RUN"], node[kind = "JOB"]', style: { shape: 'round-rectangle' } },
    { selector: 'node[kind = "MODEL_VERSION"], node[kind = "MODEL"]', style: { shape: 'diamond' } },
    { selector: 'node[kind = "DATASET_FIELD"]', style: { shape: 'tag', width: 16, height: 16 } },
    { selector: 'edge[kind = "DERIVED"]', style: { 'line-color': '#6baed6', 'target-arrow-color': '#6baed6',
      'line-style': 'dashed' } },
    { selector: 'node.alerted', style: { 'border-width': 4, 'border-color': '#d62728' } },
    { selector: 'node:selected', style: { 'overlay-opacity': 0.25, 'overlay-color': '#000' } },
    { selector: 'edge', style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
      'line-color': '#bbb', 'target-arrow-color': '#bbb', label: 'data(kind)', 'font-size': 7, color: '#888',
      'text-rotation': 'autorotate' } }
  ]
});
cy.on('tap', 'node', (event) => select(event.target.id()));

function label(node) {
  switch (node.kind) {
    case 'DATASET_VERSION': return `${node.name} @ ${(node.contentHash || '').slice(7, 15)}`;
    case 'RUN': return node.job ? `${node.job.name} (${(node.runId || '').slice(0, 8)})` : node.id;
    case 'MODEL_VERSION': return `${node.name} ${node.version}`;
    case 'PREDICTION': return node.id.slice('prediction:'.length);
    case 'DATASET_FIELD': {
      const parts = node.id.split(':');
      return `${decodeURIComponent(parts[2])}.${decodeURIComponent(parts[3])}`;
    }
    default: {
      const parts = node.id.split(':');
      return decodeURIComponent(parts[parts.length - 1]);
    }
  }
}

function addGraph(nodes, edges) {
  for (const node of nodes) state.nodes.set(node.id, Object.assign(state.nodes.get(node.id) || {}, node));
  for (const edge of edges) state.edges.set(edge.from + '>' + edge.kind + '>' + edge.to, edge);
}

// Left to right in the direction lineage flows: each node one column after the furthest node feeding it.
function ranks() {
  const rank = new Map([...state.nodes.keys()].map((id) => [id, 0]));
  for (let pass = 0; pass < state.nodes.size; pass++) {
    let changed = false;
    for (const edge of state.edges.values()) {
      if (rank.has(edge.from) && rank.has(edge.to) && rank.get(edge.to) < rank.get(edge.from) + 1) {
        rank.set(edge.to, rank.get(edge.from) + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  // A dataset or job (nothing feeds it) sits just before the first node it points to, not at the far left.
  const fed = new Set([...state.edges.values()].map((edge) => edge.to));
  for (const id of rank.keys()) {
    if (fed.has(id)) continue;
    const targets = [...state.edges.values()].filter((edge) => edge.from === id && rank.has(edge.to))
        .map((edge) => rank.get(edge.to));
    if (targets.length) rank.set(id, Math.max(0, Math.min(...targets) - 1));
  }
  return rank;
}

function alertedVersions() {
  const ids = new Set();
  for (const alert of state.alerts) {
    for (const hash of [alert.expectedHash, alert.observedHash]) {
      if (hash) ids.add(`datasetVersion:${part(alert.dataset.namespace)}:${part(alert.dataset.name)}:${part(hash)}`);
    }
  }
  return ids;
}

// Spacing that fills the panel: columns across its width, each column's nodes centred down its height, never
// closer than labels need, so a small graph reads at full size and a wide one is not squeezed into a thin band.
function spacing(columns, rows) {
  const box = $('graph').getBoundingClientRect();
  const width = Math.max(box.width, 600);
  const height = Math.max(box.height, 420);
  return {
    x: Math.min(260, Math.max(125, width / Math.max(columns, 1))),
    y: Math.min(140, Math.max(90, height / Math.max(rows, 1))),
  };
}

function render() {
  const rank = ranks();
  const alerted = alertedVersions();
  const elements = [];
  const ordered = [...state.nodes.values()].sort((a, b) =>
      (rank.get(a.id) - rank.get(b.id)) || (KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind)) || a.id.localeCompare(b.id));
  const perColumn = new Map();
  for (const node of ordered) perColumn.set(rank.get(node.id), (perColumn.get(rank.get(node.id)) || 0) + 1);
  const tallest = Math.max(1, ...perColumn.values());
  const gap = spacing(perColumn.size, tallest);
  const rows = new Map();
  for (const node of ordered) {
    const column = rank.get(node.id);
    const row = rows.get(column) || 0;
    rows.set(column, row + 1);
    const offset = (tallest - perColumn.get(column)) / 2;
    const warn = alerted.has(node.id) ? '⚠ ' : '';
    elements.push({ group: 'nodes', data: { id: node.id, kind: node.kind, label: warn + label(node) },
      position: { x: column * gap.x, y: (row + offset) * gap.y }, classes: alerted.has(node.id) ? 'alerted' : '' });
  }
  for (const [key, edge] of state.edges) {
    if (state.nodes.has(edge.from) && state.nodes.has(edge.to)) {
      elements.push({ group: 'edges', data: { id: key, source: edge.from, target: edge.to, kind: edge.kind } });
    }
  }
  cy.elements().remove();
  cy.add(elements);
  cy.layout({ name: 'preset', fit: true, padding: 40 }).run();
  if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(); }
  const list = $('node-list');
  list.replaceChildren(...ordered.map((node) => {
    const item = document.createElement('li');
    item.dataset.id = node.id;
    item.dataset.kind = node.kind;
    item.className = 'k-' + node.kind + (alerted.has(node.id) ? ' alerted' : '');
    item.textContent = `${node.kind.toLowerCase()}: ${label(node)}`;
    item.addEventListener('click', () => select(node.id));
    return item;
  }));
}

function show(nodes, edges, what) {
  state.nodes.clear();
  state.edges.clear();
  addGraph(nodes, edges);
  render();
  status(`${what}: ${state.nodes.size} nodes, ${state.edges.size} edges`);
}

async function search(query) {
  query = query.trim();
  if (!query) return;
  status('Looking up ' + query + ' …');
  try {
    if (NODE_PREFIXES.some((prefix) => query.startsWith(prefix))) {
      return await showLineage(query);
    }
    try {
      const provenance = await api(`/v1/predictions/${part(query)}/provenance?x=1${asOf()}`);
      return showPrediction(provenance);
    } catch (e) {
      if (e.status !== 404) throw e;
    }
    const model = query.match(/^(.+):([^:/]+)$/);
    if (model) {
      try {
        const view = await api(`/v1/models/${part(model[1])}/versions/${part(model[2])}?x=1${asOf()}`);
        show(view.nodes, view.edges, `Training lineage of ${model[1]} ${model[2]}`);
        return select(view.modelVersion.id);
      } catch (e) {
        if (e.status !== 404) throw e;
      }
    }
    const slash = query.lastIndexOf('/');
    if (slash > 0) {
      return await showLineage(`dataset:${part(query.slice(0, slash))}:${part(query.slice(slash + 1))}`);
    }
    return await showLineage('run:' + part(query));
  } catch (e) {
    status(`${query}: ${e.message}`, true);
  }
}

async function showLineage(nodeId) {
  const view = await api(`/v1/lineage?node=${q(nodeId)}&direction=both&depth=4${asOf()}`);
  show(view.nodes, view.edges, `Lineage around ${nodeId}${view.truncated ? ' (truncated)' : ''}`);
  select(nodeId);
}

function showPrediction(provenance) {
  const p = provenance.prediction;
  const id = 'prediction:' + part(p.predictionId);
  const model = `modelVersion:${part(p.model.name)}:${part(p.model.version)}`;
  const nodes = [...provenance.nodes, { id, kind: 'PREDICTION', firstSeen: p.time, prediction: p }];
  const edges = [...provenance.edges, { from: model, to: id, kind: 'SERVED', firstSeen: p.time }];
  for (const feature of p.features) {
    edges.push({ from: `datasetVersion:${part(feature.namespace)}:${part(feature.name)}:${part(feature.contentHash)}`,
      to: id, kind: 'FEATURE_READ', firstSeen: p.time });
  }
  show(nodes, edges, `Provenance of prediction ${p.predictionId}`);
  select(id);
}

function row(table, name, value) {
  if (value === null || value === undefined || value === '' ||
      (typeof value === 'object' && Object.keys(value).length === 0)) return;
  const tr = table.insertRow();
  tr.insertCell().textContent = name;
  const cell = tr.insertCell();
  if (typeof value === 'object') {
    cell.textContent = Object.entries(value).map(([k, v]) => `${k} = ${typeof v === 'object' ? JSON.stringify(v) : v}`)
        .join('\n');
  } else {
    cell.textContent = String(value);
  }
}

function select(nodeId) {
  const node = state.nodes.get(nodeId);
  if (!node) return;
  state.selected = nodeId;
  cy.$(':selected').unselect();
  cy.getElementById(nodeId).select();
  const panel = $('details');
  panel.replaceChildren();
  const title = document.createElement('h2');
  title.textContent = `${node.kind.toLowerCase().replace('_', ' ')}: ${label(node)}`;
  const table = document.createElement('table');
  table.id = 'detail-table';
  row(table, 'id', node.id);
  row(table, 'first seen', node.firstSeen);
  row(table, 'dataset', node.namespace && `${node.namespace}/${node.name}`);
  row(table, 'content hash', node.contentHash);
  row(table, 'labels', node.labels && node.labels.join(', '));
  row(table, 'rows', node.rowCount);
  row(table, 'columns', node.fields && node.fields.join(', '));
  row(table, 'schema', node.schemaFingerprint);
  row(table, 'produced by run', node.producedByRunId);
  row(table, 'quality', node.quality);
  row(table, 'job', node.job && `${node.job.namespace}/${node.job.name}`);
  row(table, 'state', node.state);
  row(table, 'started', node.startedAt);
  row(table, 'ended', node.endedAt);
  row(table, 'code', node.code && `${node.code.repository} @ ${node.code.commit} (${node.code.path || ''})`);
  row(table, 'parameters', node.parameters);
  row(table, 'training run', node.trainingRunId);
  row(table, 'metrics', node.metrics);
  row(table, 'hyperparameters', node.hyperparameters);
  row(table, 'stage', node.stage);
  row(table, 'artifact', node.artifactHash);
  if (node.prediction) {
    row(table, 'model', `${node.prediction.model.name} ${node.prediction.model.version}`);
    row(table, 'attributes', node.prediction.attributes);
    row(table, 'input hash', node.prediction.inputHash);
  }
  const related = state.alerts.filter((a) => node.kind === 'DATASET_VERSION' && a.dataset.namespace === node.namespace &&
      a.dataset.name === node.name && [a.expectedHash, a.observedHash].includes(node.contentHash));
  for (const alert of related) row(table, 'alert', `${alert.severity} ${alert.type}: ${alert.message}`);
  const actions = document.createElement('p');
  actions.className = 'actions';
  const button = (text, action) => {
    const b = document.createElement('button');
    b.textContent = text;
    b.addEventListener('click', action);
    actions.append(b, ' ');
  };
  button('Expand neighbours', () => expand(nodeId));
  if (node.kind === 'MODEL_VERSION') {
    button('Compare: left', () => { $('left').value = `${node.name}:${node.version}`; });
    button('Compare: right', () => { $('right').value = `${node.name}:${node.version}`; });
  }
  if (['DATASET_VERSION', 'RUN', 'DATASET_FIELD'].includes(node.kind)) button('Impact', () => impact(nodeId));
  if (node.kind === 'DATASET' || node.kind === 'DATASET_VERSION') button('Show columns', () => showDatasetColumns(node));
  if (node.kind === 'DATASET_FIELD') button('Column lineage', () => columnLineage(nodeId));
  if (node.kind === 'DATASET_VERSION') button('Diff with the version before', () => diffWithPrevious(node));
  if (node.kind === 'PREDICTION') {
    const link = document.createElement('a');
    link.href = `/v1/predictions/${part(node.prediction.predictionId)}/report`;
    link.textContent = 'Printable report';
    link.target = '_blank';
    actions.append(link);
  }
  panel.append(title, table, actions);
  if (node.kind === 'DATASET_VERSION') showColumns(node);
}

function datasetPath(node) {
  return `/v1/datasets/${part(node.namespace)}/${part(node.name)}`;
}

function number(value) {
  if (value === null || value === undefined) return '';
  return Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(2)
      : Number(value.toFixed(4)).toString();
}

function table(id, headers, rows) {
  const element = document.createElement('table');
  element.id = id;
  element.className = 'columns';
  const head = element.createTHead().insertRow();
  for (const header of headers) head.insertCell().outerHTML = `<th>${header}</th>`;
  for (const cells of rows) {
    const tr = element.insertRow();
    if (cells.className) tr.className = cells.className;
    for (const cell of cells) tr.insertCell().textContent = cell;
  }
  return element;
}

// The version's column profiles: type, share of nulls, distinct values, and numbers' range or strings' top values.
async function showColumns(node) {
  try {
    const version = await api(`${datasetPath(node)}/versions/${part(node.contentHash)}`);
    if (state.selected !== node.id || !version.columns.length) return;
    const heading = document.createElement('h3');
    heading.textContent = `${version.columns.length} columns`;
    $('details').append(heading, table('column-table', ['column', 'type', 'nulls', 'distinct', 'values'],
        version.columns.map((c) => [c.name, c.type, `${(100 * c.nullFraction).toFixed(1)}%`, number(c.distinct),
          c.mean !== null ? `${number(c.min)} … ${number(c.max)}, mean ${number(c.mean)}`
            : c.frequent.slice(0, 3).map((f) => `${f.value} (${f.count})`).join(', ')])));
  } catch (e) {
    status(`columns of ${node.id}: ${e.message}`, true);
  }
}

// The diff with the version first seen just before this one: each column's status, statistic and drift.
async function diffWithPrevious(node) {
  try {
    const dataset = await api(datasetPath(node));
    const before = dataset.versions.filter((v) => v.firstSeen < node.firstSeen)
        .sort((a, b) => b.firstSeen.localeCompare(a.firstSeen))[0];
    if (!before) {
      status(`${node.namespace}/${node.name} has no version before this one`);
      return;
    }
    const diff = await api(`${datasetPath(node)}/diff?from=${part(before.contentHash)}&to=${part(node.contentHash)}`);
    const heading = document.createElement('h3');
    heading.textContent = `Diff with ${before.contentHash.slice(0, 15)}…: ${diff.drifted.length ? 'drifted: '
        + diff.drifted.join(', ') : 'no column drifted'} (PSI threshold ${diff.threshold})`;
    const rows = diff.columns.map((c) => Object.assign([c.name, c.status, c.psi === null ? '' : c.psi.toFixed(2),
      c.statistic], { className: c.drifted ? 'drifted' : '' }));
    $('details').append(heading, table('diff-table', ['column', 'status', 'PSI', 'what changed'], rows));
  } catch (e) {
    status(`diff of ${node.id}: ${e.message}`, true);
  }
}

async function expand(nodeId) {
  try {
    const view = await api(`/v1/lineage?node=${q(nodeId)}&direction=both&depth=1${asOf()}`);
    const before = state.nodes.size;
    addGraph(view.nodes, view.edges);
    render();
    select(nodeId);
    status(`Expanded ${nodeId}: ${state.nodes.size - before} new nodes, ${state.nodes.size} in all`);
  } catch (e) {
    status(`${nodeId}: ${e.message}`, true);
  }
}

// A dataset's columns (its datasetField nodes, through its HAS_FIELD edges) added to the graph beside it.
async function showDatasetColumns(node) {
  const parts = node.id.split(':');
  const dataset = `dataset:${parts[1]}:${parts[2]}`;
  try {
    const view = await api(`/v1/lineage?node=${q(dataset)}&direction=downstream&depth=1${asOf()}`);
    const edges = view.edges.filter((edge) => edge.kind === 'HAS_FIELD');
    const fields = new Set(edges.map((edge) => edge.to));
    const nodes = view.nodes.filter((n) => fields.has(n.id) || n.id === dataset);
    if (!fields.size) {
      status(`${label(node)}: no columns known (no run or profile named them)`);
      return;
    }
    addGraph(nodes, edges);
    render();
    select(node.id);
    status(`${label(node)}: ${fields.size} columns`);
  } catch (e) {
    status(`columns of ${node.id}: ${e.message}`, true);
  }
}

// A column's lineage alone: the columns it derives from (and their datasets) and those derived from it, walked
// upstream and downstream separately (a walk in both directions at once would wander into sibling columns).
async function columnLineage(nodeId) {
  try {
    const [up, down] = await Promise.all(['upstream', 'downstream'].map((direction) =>
      api(`/v1/lineage?node=${q(nodeId)}&direction=${direction}&depth=20${asOf()}`)));
    show([...up.nodes, ...down.nodes], [...up.edges, ...down.edges], `Column lineage of ${
      label(state.nodes.get(nodeId))}${up.truncated || down.truncated ? ' (truncated)' : ''}`);
    select(nodeId);
  } catch (e) {
    status(`${nodeId}: ${e.message}`, true);
  }
}

async function impact(nodeId) {
  try {
    const view = await api(`/v1/impact?node=${q(nodeId)}${asOf()}`);
    const table = $('detail-table');
    if (view.fields.length) row(table, 'derived columns', view.fields.map(label).join(', '));
    if (view.conservativeRuns.length) {
      row(table, 'runs counted without naming columns', view.conservativeRuns.length);
    }
    row(table, 'downstream runs', view.runs.length);
    row(table, 'downstream dataset versions', view.datasetVersions.length);
    for (const model of view.modelVersions) {
      const reading = model.predictionsReadingThisVersion;
      row(table, `affects ${model.name} ${model.version}`, `${model.predictions.count} predictions served` +
          (reading ? `, ${reading.count} reading this version` : ''));
    }
  } catch (e) {
    status(`${nodeId}: ${e.message}`, true);
  }
}

async function compare(left, right) {
  const result = $('compare-result');
  result.textContent = 'Comparing …';
  try {
    const view = await api(`/v1/models/compare?left=${q(left)}&right=${q(right)}${asOf()}`);
    result.replaceChildren();
    const verdict = document.createElement('p');
    verdict.id = 'verdict';
    verdict.className = 'verdict v-' + view.verdict;
    verdict.textContent = view.verdict;
    const explanation = document.createElement('p');
    explanation.textContent = view.explanation;
    const table = document.createElement('table');
    table.className = 'side-by-side';
    const head = table.createTHead().insertRow();
    for (const text of ['', left, right]) head.insertCell().textContent = text;
    const add = (name, l, r, changed) => {
      const tr = table.insertRow();
      tr.className = changed ? 'changed' : '';
      tr.insertCell().textContent = name;
      tr.insertCell().textContent = l === null || l === undefined ? '—' : l;
      tr.insertCell().textContent = r === null || r === undefined ? '—' : r;
    };
    for (const d of view.data) {
      add(`${d.namespace}/${d.name} (${d.status})`, d.leftHashes.map((h) => h.slice(0, 19)).join(' '),
          d.rightHashes.map((h) => h.slice(0, 19)).join(' '), d.status !== 'SAME');
      if (d.divergence) {
        const div = d.divergence;
        add('  diverges at', div.kind === 'SOURCE' ? `source ${div.dataset}` : `${div.job} @ ${div.leftCommit}`,
            div.kind === 'SOURCE' ? '' : `${div.job} @ ${div.rightCommit}`, true);
      }
    }
    add('training code', view.code.left, view.code.right, view.code.left !== view.code.right);
    for (const [k, [l, r]] of Object.entries(view.parameters)) add('parameter ' + k, l, r, true);
    for (const [k, [l, r]] of Object.entries(view.hyperparameters)) add('hyperparameter ' + k, l, r, true);
    for (const [k, m] of Object.entries(view.metrics)) add('metric ' + k, m.left, m.right, m.delta !== 0);
    result.append(verdict, explanation, table);
  } catch (e) {
    result.textContent = e.message;
  }
}

async function refreshAlerts() {
  try {
    const view = await api('/v1/alerts');
    const changed = JSON.stringify(view.alerts.map((a) => a.alertId)) !== JSON.stringify(state.alerts.map((a) => a.alertId));
    state.alerts = view.alerts;
    const list = $('alert-list');
    list.replaceChildren(...view.alerts.slice(0, 50).map((a) => {
      const item = document.createElement('li');
      item.className = 'sev-' + a.severity;
      item.textContent = `${a.detectedAt} ${a.severity} ${a.type} ${a.dataset.namespace}/${a.dataset.name}`;
      item.title = a.message;
      item.addEventListener('click', () => {
        $('query').value = `${a.dataset.namespace}/${a.dataset.name}`;
        search($('query').value);
      });
      return item;
    }));
    // Redrawn only when the alerts changed: a redraw closes what the reader opened (columns, a diff).
    if (changed && state.nodes.size) render();
    if (changed && state.selected) select(state.selected);
  } catch (e) {
    $('alert-list').textContent = 'alerts unavailable: ' + e.message;
  }
}

$('search').addEventListener('submit', (event) => { event.preventDefault(); search($('query').value); });
$('compare-form').addEventListener('submit', (event) => {
  event.preventDefault();
  compare($('left').value.trim(), $('right').value.trim());
});
refreshAlerts();
setInterval(refreshAlerts, 5000);
const initial = new URLSearchParams(location.search).get('q');
if (initial) { $('query').value = initial; search(initial); }
window.pedigree = { cy, state, search, compare };
