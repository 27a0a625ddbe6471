// A directive's steps drawn as a DAG: each step in the column of its dependency depth (the longest path from a step
// with no dependencies), in plan order within its column, with an edge from each dependency to the step.

import { svg } from './dom.js';

const NODE_WIDTH = 168;
const NODE_HEIGHT = 48;
const COLUMN_GAP = 56;
const ROW_GAP = 20;
const MARGIN = 8;

/** Each step's depth: 0 without dependencies, else one more than its deepest dependency. */
export function depths(steps) {
  const byId = new Map(steps.map(step => [step.id, step]));
  const depth = new Map();
  const visit = (step, path) => {
    if (depth.has(step.id)) {
      return depth.get(step.id);
    }
    if (path.has(step.id)) {
      return 0; // The hub refuses cyclic plans; a cycle here would only be drawn flat.
    }
    path.add(step.id);
    const deps = (step.dependsOn || []).map(id => byId.get(id)).filter(Boolean);
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(dep => visit(dep, path)));
    depth.set(step.id, value);
    return value;
  };
  steps.forEach(step => visit(step, new Set()));
  return depth;
}

/** Where each step's node goes, and the size of the whole drawing. */
export function layout(steps) {
  const depth = depths(steps);
  const columns = [];
  [...steps].sort((a, b) => a.orderIndex - b.orderIndex).forEach(step => {
    const column = depth.get(step.id);
    (columns[column] = columns[column] || []).push(step);
  });
  const rows = Math.max(1, ...columns.map(column => column.length));
  const height = MARGIN * 2 + rows * NODE_HEIGHT + (rows - 1) * ROW_GAP;
  const positions = new Map();
  columns.forEach((column, c) => {
    const offset = (height - (column.length * NODE_HEIGHT + (column.length - 1) * ROW_GAP)) / 2;
    column.forEach((step, r) => positions.set(step.id, {
      x: MARGIN + c * (NODE_WIDTH + COLUMN_GAP),
      y: offset + r * (NODE_HEIGHT + ROW_GAP),
    }));
  });
  const width = MARGIN * 2 + columns.length * NODE_WIDTH + Math.max(0, columns.length - 1) * COLUMN_GAP;
  return { positions, width, height };
}

function label(text) {
  return text.length > 22 ? text.substring(0, 21) + '…' : text;
}

/** The SVG of the steps; onSelect(step) is called when a node is clicked. */
export function draw(steps, onSelect) {
  const { positions, width, height } = layout(steps);
  const edges = steps.flatMap(step => (step.dependsOn || []).filter(id => positions.has(id)).map(id => {
    const from = positions.get(id);
    const to = positions.get(step.id);
    const x1 = from.x + NODE_WIDTH;
    const y1 = from.y + NODE_HEIGHT / 2;
    const x2 = to.x;
    const y2 = to.y + NODE_HEIGHT / 2;
    const bend = (x2 - x1) / 2;
    return svg('path', { class: 'edge', d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
      'marker-end': 'url(#arrow)', dataset: { from: id, to: step.id } });
  }));
  const nodes = steps.map(step => {
    const { x, y } = positions.get(step.id);
    const node = svg('g', { class: 'node status-' + step.status, transform: `translate(${x},${y})`, tabindex: 0,
      dataset: { stepId: step.id, status: step.status } },
    svg('title', {}, `${step.name}: ${step.status}`),
    svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 8 }),
    svg('text', { x: 10, y: 20, class: 'name' }, label(step.name)),
    svg('text', { x: 10, y: 38, class: 'detail' },
      step.status + (step.reworkCount > 0 ? ` · rework ${step.reworkCount}` : '')
        + (step.score !== null && step.score !== undefined ? ` · ${Number(step.score).toFixed(2)}` : '')));
    node.addEventListener('click', () => onSelect(step));
    return node;
  });
  return svg('svg', { class: 'dag', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': 'the directive\'s steps and their dependencies' },
  svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7,
    markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }))),
  svg('g', { class: 'edges' }, edges), svg('g', { class: 'nodes' }, nodes));
}
