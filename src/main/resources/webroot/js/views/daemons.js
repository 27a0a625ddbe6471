// The owner's daemons: status, slots used of total, last heartbeat.

import { api } from '../api.js';
import { events } from '../events.js';
import { ago, debounce, h, showError, status } from '../dom.js';

export function render(container) {
  const body = h('tbody');
  container.append(h('h1', {}, 'Daemons'), h('div', { class: 'table' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Host'), h('th', {}, 'Status'), h('th', {}, 'Slots used'),
      h('th', {}, 'Last heartbeat'))),
    body)));

  async function load() {
    try {
      const daemons = await api.get('/api/v1/mesh/daemons?limit=1000');
      body.replaceChildren(...daemons.map(daemon => h('tr', { dataset: { daemonId: daemon.id } },
        h('td', {}, daemon.hostname), h('td', {}, status(daemon.status)),
        h('td', { class: 'slots' }, `${daemon.currentTaskCount} / ${daemon.maxConcurrentTasks}`),
        h('td', {}, ago(daemon.lastHeartbeatAt)))));
      if (daemons.length === 0) {
        body.append(h('tr', { class: 'none' }, h('td', { colspan: 4, class: 'empty' }, 'No daemon yet: run `meshhub daemon`.')));
      }
    } catch (error) {
      showError(error);
    }
  }

  const refresh = debounce(load);
  const stops = ['daemonUpdated', 'taskUpdated', 'reconnected'].map(type => events.on(type, refresh));
  const clock = setInterval(load, 10_000);
  load();
  return () => {
    stops.forEach(stop => stop());
    clearInterval(clock);
  };
}
