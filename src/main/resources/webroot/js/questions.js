// The owner's pending questions, kept current by the events socket: the inbox and the badge both read it.

import { api } from './api.js';
import { events } from './events.js';
import { showError } from './dom.js';

const pending = new Map();
const subscribers = new Set();

function changed() {
  subscribers.forEach(subscriber => subscriber());
}

async function load() {
  try {
    const listed = await api.get('/api/v1/mesh/questions?limit=1000');
    pending.clear();
    listed.forEach(question => pending.set(question.questionId, question));
    changed();
  } catch (error) {
    showError(error);
  }
}

events.on('questionAsked', question => {
  pending.set(question.questionId, question);
  changed();
});
events.on('questionAnswered', answered => {
  if (pending.delete(answered.questionId)) {
    changed();
  }
});
events.on('reconnected', load);

export const questions = {
  load,
  /** Oldest first. */
  list: () => [...pending.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  answered(questionId) {
    if (pending.delete(questionId)) {
      changed();
    }
  },
  subscribe(subscriber) {
    subscribers.add(subscriber);
    return () => subscribers.delete(subscriber);
  },
};
