// Directives: the list and a form to create one; one directive with its DAG of steps (coloured by status, updated
// live), each step's evaluations, the event log, and the actions on it (start, pause, resume, evaluate a step).

import { api } from '../api.js';
import { draw } from '../dag.js';
import { events } from '../events.js';
import { ago, debounce, h, shortId, showError, status } from '../dom.js';

export function render(container, directiveId) {
  return directiveId ? renderDirective(container, directiveId) : renderList(container);
}

function renderList(container) {
  const body = h('tbody');
  container.append(h('h1', {}, 'Directives'), createForm(), h('div', { class: 'table' }, h('table', {
    id: 'directive-list' }, h('thead', {}, h('tr', {}, h('th', {}, 'Title'), h('th', {}, 'Status'),
    h('th', {}, 'Updated'))), body)));

  async function load() {
    try {
      const listed = await api.get('/api/v1/directives?limit=200');
      body.replaceChildren(...listed.map(directive => h('tr', { dataset: { directiveId: directive.id } },
        h('td', {}, h('a', { href: '#/directives/' + directive.id }, directive.title)),
        h('td', {}, status(directive.status)), h('td', {}, ago(directive.updatedAt)))));
      if (listed.length === 0) {
        body.append(h('tr', { class: 'none' }, h('td', { colspan: 3, class: 'empty' }, 'No directive yet.')));
      }
    } catch (error) {
      showError(error);
    }
  }

  const refresh = debounce(load);
  const stops = ['directiveUpdated', 'reconnected'].map(type => events.on(type, refresh));
  load();
  return () => stops.forEach(stop => stop());
}

function createForm() {
  const title = h('input', { placeholder: 'title', required: true, 'aria-label': 'title' });
  const goal = h('textarea', { placeholder: 'goal: what should be true when it is done', required: true,
    'aria-label': 'goal' });
  const repository = h('input', { placeholder: 'repository', 'aria-label': 'repository' });
  return h('details', { class: 'create' }, h('summary', {}, 'New directive'), h('form', {
    onsubmit: async submitted => {
      submitted.preventDefault();
      try {
        const created = await api.post('/api/v1/directives', { title: title.value, goal: goal.value,
          ...(repository.value.trim() ? { repositoryUrl: repository.value.trim() } : {}) });
        location.hash = '#/directives/' + created.id;
      } catch (error) {
        showError(error);
      }
    },
  }, title, goal, repository, h('button', { type: 'submit' }, 'Create')));
}

/** The actions a directive in this status offers. */
function actionsOf(directive, act) {
  const button = (name, path) => h('button', { type: 'button', id: name.toLowerCase() + '-directive',
    onclick: () => act(() => api.post(`/api/v1/directives/${directive.id}/${path}`)) }, name);
  return {
    draft: [button('Start', 'start')],
    planning: [button('Pause', 'pause')],
    active: [button('Pause', 'pause')],
    paused: [button('Resume', 'resume')],
  }[directive.status] || [];
}

function renderDirective(container, directiveId) {
  const header = h('div', { class: 'directive-header' });
  const graph = h('div', { class: 'graph', id: 'dag' });
  const steps = h('tbody');
  const log = h('ol', { class: 'log', id: 'event-log' });
  container.append(h('p', {}, h('a', { href: '#/directives' }, '← all directives')), header,
    h('section', {}, h('h2', {}, 'Plan'), graph),
    h('section', {}, h('h2', {}, 'Steps'), h('div', { class: 'table' }, h('table', { id: 'steps' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Step'), h('th', {}, 'Status'), h('th', {}, 'Score'),
        h('th', { class: 'optional' }, 'Confidence'), h('th', {}, 'Rework'),
        h('th', { class: 'optional' }, 'Evaluations'), h('th', {}, ''))),
      steps))),
    h('section', {}, h('h2', {}, 'Event log'), log));

  async function act(call) {
    try {
      await call();
      await load();
    } catch (error) {
      showError(error);
    }
  }

  function select(step) {
    const row = steps.querySelector(`tr[data-step-id="${step.id}"]`);
    if (row) {
      row.scrollIntoView({ block: 'nearest' });
      row.classList.add('selected');
      setTimeout(() => row.classList.remove('selected'), 1200);
    }
  }

  function stepRow(step, evaluations) {
    const mine = evaluations.filter(evaluation => evaluation.stepId === step.id);
    return h('tr', { dataset: { stepId: step.id } },
      h('td', {}, step.name, step.taskId ? h('a', { class: 'sub', href: '#/tasks/' + step.taskId },
        ' task ' + shortId(step.taskId)) : null),
      h('td', {}, status(step.status)),
      h('td', {}, step.score === null || step.score === undefined ? '—' : Number(step.score).toFixed(2)),
      h('td', { class: 'optional' }, step.confidence || '—'),
      h('td', {}, step.reworkCount),
      h('td', { class: 'optional' }, mine.length === 0 ? '—' : mine.map(evaluation => h('div', { class: 'evaluation' },
        evaluation.passed ? '✓ ' : '✗ ', evaluation.summaryFeedback || evaluation.evaluator))),
      h('td', {}, ['passed', 'failed', 'evaluating'].includes(step.status) ? h('button', { type: 'button',
        class: 'small', onclick: () => act(() => api.post(
          `/api/v1/directives/${directiveId}/steps/${step.id}/evaluate`)) }, 'Evaluate') : null));
  }

  async function load() {
    try {
      const directive = await api.get('/api/v1/directives/' + directiveId);
      header.replaceChildren(h('h1', {}, directive.title, ' ', status(directive.status)),
        h('p', { class: 'goal' }, directive.goal),
        h('div', { class: 'actions' }, actionsOf(directive, act)));
      const [chain, evaluations, logged] = await Promise.all([
        directive.currentChainId ? api.get(`/api/v1/directives/${directiveId}/chain`) : null,
        api.get(`/api/v1/directives/${directiveId}/evaluations?limit=1000`),
        api.get(`/api/v1/directives/${directiveId}/events?limit=1000`)]);
      const planned = chain ? chain.steps : [];
      graph.replaceChildren(planned.length > 0 ? draw(planned, select)
        : h('p', { class: 'empty' }, directive.status === 'draft' ? 'Start the directive to have it planned.'
          : 'Waiting for the planner\'s plan.'));
      steps.replaceChildren(...planned.map(step => stepRow(step, evaluations)));
      log.replaceChildren(...logged.slice().reverse().map(event => h('li', { class: 'severity-' + event.severity },
        h('time', { datetime: event.createdAt }, ago(event.createdAt)), ' ', h('strong', {}, event.eventType),
        event.data && event.data.step ? ' · ' + event.data.step : '')));
    } catch (error) {
      showError(error);
    }
  }

  const refresh = debounce(load);
  const stops = [
    events.on('stepUpdated', update => update.directiveId === directiveId && refresh()),
    events.on('directiveUpdated', update => update.directiveId === directiveId && refresh()),
    events.on('reconnected', refresh),
  ];
  load();
  return () => stops.forEach(stop => stop());
}
