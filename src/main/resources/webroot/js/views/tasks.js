// Tasks: the list with filters, a form to create one; one task with its status history and its live output, and
// the actions on it (cancel, retry, send a message).

import { api, query } from '../api.js';
import { events } from '../events.js';
import { ago, debounce, h, shortId, showError, status } from '../dom.js';

const STATUSES = ['pending', 'starting', 'running', 'paused', 'interrupted', 'done', 'failed', 'merged', 'cancelled'];
const FINAL = ['done', 'failed', 'merged', 'cancelled'];

export function render(container, taskId) {
  return taskId ? renderTask(container, taskId) : renderList(container);
}

function renderList(container) {
  const statusFilter = h('select', { 'aria-label': 'status' }, h('option', { value: '' }, 'any status'),
    STATUSES.map(value => h('option', { value }, value)));
  const nameFilter = h('input', { type: 'search', placeholder: 'name contains', 'aria-label': 'name' });
  const body = h('tbody');
  container.append(h('h1', {}, 'Tasks'), createForm(),
    h('div', { class: 'filters' }, statusFilter, nameFilter),
    h('div', { class: 'table' }, h('table', { id: 'task-list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {}, 'Daemon'),
        h('th', {}, 'Updated'))),
      body)));

  async function load() {
    try {
      const listed = await api.get('/api/v1/mesh/tasks' + query({ status: statusFilter.value, limit: 200 }));
      const needle = nameFilter.value.trim().toLowerCase();
      const shown = listed.filter(task => !needle || task.name.toLowerCase().includes(needle));
      body.replaceChildren(...shown.map(task => h('tr', { dataset: { taskId: task.id } },
        h('td', {}, h('a', { href: '#/tasks/' + task.id }, task.name)),
        h('td', {}, status(task.status)),
        h('td', {}, shortId(task.daemonId)),
        h('td', {}, ago(task.updatedAt)))));
      if (shown.length === 0) {
        body.append(h('tr', { class: 'none' }, h('td', { colspan: 4, class: 'empty' },
          listed.length === 0 ? 'No task yet.' : 'No task matches.')));
      }
    } catch (error) {
      showError(error);
    }
  }

  const refresh = debounce(load);
  statusFilter.addEventListener('change', load);
  nameFilter.addEventListener('input', refresh);
  const stops = ['taskUpdated', 'reconnected'].map(type => events.on(type, refresh));
  load();
  return () => stops.forEach(stop => stop());
}

function createForm() {
  const name = h('input', { name: 'name', placeholder: 'name', required: true, 'aria-label': 'task name' });
  const plan = h('textarea', { name: 'plan', placeholder: 'plan: what the agent should do', required: true,
    'aria-label': 'plan' });
  const repository = h('input', { name: 'repositoryUrl', placeholder: 'repository (optional)',
    'aria-label': 'repository' });
  return h('details', { class: 'create' }, h('summary', {}, 'New task'), h('form', {
    onsubmit: async submitted => {
      submitted.preventDefault();
      try {
        const created = await api.post('/api/v1/mesh/tasks', { name: name.value, plan: plan.value,
          ...(repository.value.trim() ? { repositoryUrl: repository.value.trim() } : {}) });
        location.hash = '#/tasks/' + created.id;
      } catch (error) {
        showError(error);
      }
    },
  }, name, plan, repository, h('button', { type: 'submit' }, 'Create')));
}

function outputLine(entry) {
  const text = entry.content || (entry.toolName ? '⚙ ' + entry.toolName : '');
  return h('div', { class: 'line line-' + (entry.messageType || 'text') + (entry.isError ? ' line-error' : '') },
    text);
}

function renderTask(container, taskId) {
  const header = h('div', { class: 'task-header' });
  const actions = h('div', { class: 'actions' });
  const history = h('ol', { class: 'history' });
  const output = h('div', { class: 'output', id: 'output', 'aria-live': 'polite' });
  const message = h('input', { type: 'text', placeholder: 'message to the agent', 'aria-label': 'message' });
  container.append(h('p', {}, h('a', { href: '#/tasks' }, '← all tasks')), header, actions,
    h('div', { class: 'columns' },
      h('section', {}, h('h2', {}, 'Status history'), history),
      h('section', { class: 'wide' }, h('h2', {}, 'Output'), output,
        h('form', {
          class: 'message',
          onsubmit: async submitted => {
            submitted.preventDefault();
            await act(() => api.post(`/api/v1/mesh/tasks/${taskId}/message`, { message: message.value }));
            message.value = '';
          },
        }, message, h('button', { type: 'submit' }, 'Send')))));

  async function act(call) {
    try {
      await call();
      await loadTask();
    } catch (error) {
      showError(error);
    }
  }

  async function loadTask() {
    const task = await api.get('/api/v1/mesh/tasks/' + taskId);
    header.replaceChildren(h('h1', {}, task.name, ' ', status(task.status)),
      h('p', { class: 'plan' }, task.plan),
      h('p', { class: 'meta' }, `daemon ${shortId(task.daemonId)} · retries ${task.retryCount}/${task.maxRetries}`,
        task.errorMessage ? h('span', { class: 'error-text' }, ' · ' + task.errorMessage) : null));
    actions.replaceChildren(...[
      FINAL.includes(task.status) ? null : h('button', { type: 'button', id: 'cancel-task',
        onclick: () => act(() => api.post(`/api/v1/mesh/tasks/${taskId}/cancel`)) }, 'Cancel'),
      ['failed', 'cancelled'].includes(task.status) ? h('button', { type: 'button', id: 'retry-task',
        onclick: () => act(() => api.post(`/api/v1/mesh/tasks/${taskId}/retry`)) }, 'Retry') : null,
    ].filter(Boolean));
  }

  /** The log: its status changes, and — on a full load — its output (later output arrives live). */
  async function loadEvents(withOutput) {
    const logged = await api.get(`/api/v1/mesh/tasks/${taskId}/events?limit=1000`);
    history.replaceChildren(...logged.filter(event => event.eventType === 'status_change').map(event =>
      h('li', {}, status(event.eventData.status), ' ', ago(event.createdAt),
        event.eventData.reason ? h('span', { class: 'reason' }, ' — ' + event.eventData.reason) : null)));
    if (withOutput) {
      output.replaceChildren(...logged.filter(event => event.eventType === 'output')
        .map(event => outputLine(event.eventData)));
    }
  }

  function loader(withOutput) {
    return async () => {
      try {
        await Promise.all([loadTask(), loadEvents(withOutput)]);
      } catch (error) {
        showError(error);
      }
    };
  }

  const load = loader(true);
  const refresh = debounce(loader(false));
  const stops = [
    events.on('taskOutput', entry => {
      if (entry.taskId === taskId && !entry.isPartial) {
        output.append(outputLine(entry));
        output.scrollTop = output.scrollHeight;
      }
    }),
    events.on('taskUpdated', update => {
      if (update.taskId === taskId) {
        refresh();
      }
    }),
    events.on('reconnected', debounce(load)),
  ];
  load();
  return () => stops.forEach(stop => stop());
}
