// The dashboard's shell: sign-in, the live-updates socket, the inbox badge, and one view at a time (#/view/id).

import { api, session } from './api.js';
import { events } from './events.js';
import { questions } from './questions.js';
import { clearError, showError } from './dom.js';
import * as inbox from './views/inbox.js';
import * as directives from './views/directives.js';
import * as tasks from './views/tasks.js';
import * as daemons from './views/daemons.js';

const views = { inbox, directives, tasks, daemons };
const bar = document.getElementById('bar');
const signInForm = document.getElementById('sign-in');
const view = document.getElementById('view');
let leaveView = () => {};

function route() {
  if (!session.key()) {
    return;
  }
  const [, name, id] = location.hash.split('/');
  const current = views[name] ? name : 'inbox';
  document.querySelectorAll('nav a').forEach(link => link.classList.toggle('active', link.dataset.view === current));
  leaveView();
  clearError();
  view.replaceChildren();
  leaveView = views[current].render(view, id ? decodeURIComponent(id) : null) || (() => {});
}

function start() {
  signInForm.hidden = true;
  bar.hidden = false;
  events.start(session.key(), state => { document.getElementById('live').dataset.state = state; });
  questions.load();
  route();
}

function stop(message) {
  events.stop();
  session.signOut();
  leaveView();
  leaveView = () => {};
  view.replaceChildren();
  bar.hidden = true;
  signInForm.hidden = false;
  if (message) {
    showError(message);
  }
}

questions.subscribe(() => {
  const badge = document.getElementById('question-count');
  badge.textContent = questions.list().length;
  badge.dataset.count = badge.textContent;
});
events.on('refused', refusal => stop(refusal));

signInForm.addEventListener('submit', async submitted => {
  submitted.preventDefault();
  clearError();
  const field = document.getElementById('api-key');
  session.signIn(field.value.trim());
  try {
    await api.get('/api/v1/me');
    field.value = '';
    start();
  } catch (error) {
    stop(error);
  }
});
document.getElementById('sign-out').addEventListener('click', () => stop());
window.addEventListener('hashchange', route);

if (session.key()) {
  start();
} else {
  signInForm.hidden = false;
}
