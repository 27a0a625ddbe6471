// The questions inbox, the landing view: one card per pending question, oldest first, answered with one click on a
// choice, with checkboxes for a multi-select question, or in free text. A card goes when its question is answered,
// here or anywhere else.

import { api } from '../api.js';
import { questions } from '../questions.js';
import { ago, h, shortId, showError } from '../dom.js';

async function answer(question, response) {
  try {
    await api.post(`/api/v1/mesh/questions/${question.questionId}/answer`, { response });
    questions.answered(question.questionId);
  } catch (error) {
    showError(error);
  }
}

function choices(question) {
  if (!question.choices || question.choices.length === 0) {
    return null;
  }
  if (!question.multiSelect) {
    return h('div', { class: 'choices' }, question.choices.map(choice =>
      h('button', { type: 'button', class: 'choice', onclick: () => answer(question, choice) }, choice)));
  }
  const boxes = question.choices.map(choice => h('input', { type: 'checkbox', value: choice }));
  return h('form', {
    class: 'choices multi',
    onsubmit: submitted => {
      submitted.preventDefault();
      const picked = boxes.filter(box => box.checked).map(box => box.value);
      if (picked.length > 0) {
        answer(question, picked.join(','));
      }
    },
  }, question.choices.map((choice, i) => h('label', {}, boxes[i], choice)),
  h('button', { type: 'submit', class: 'choice' }, 'Send'));
}

function freeText(question) {
  const text = h('input', { type: 'text', placeholder: 'Answer in your own words', 'aria-label': 'answer' });
  return h('form', {
    class: 'free-text',
    onsubmit: submitted => {
      submitted.preventDefault();
      if (text.value.trim()) {
        answer(question, text.value.trim());
      }
    },
  }, text, h('button', { type: 'submit' }, 'Send'));
}

function card(question) {
  return h('article', { class: 'card question', dataset: { questionId: question.questionId } },
    h('header', {},
      h('a', { href: '#/tasks/' + question.taskId }, 'task ' + shortId(question.taskId)),
      question.directiveId ? h('a', { href: '#/directives/' + question.directiveId },
        'directive ' + shortId(question.directiveId)) : null,
      question.questionType && question.questionType !== 'general' ? h('span', { class: 'tag' },
        question.questionType.replace('_', ' ')) : null,
      question.isRestored ? h('span', { class: 'tag' }, 'asked again after a restart') : null,
      h('time', { datetime: question.createdAt }, ago(question.originallyAskedAt || question.createdAt))),
    h('p', { class: 'question-text' }, question.question),
    question.context ? h('p', { class: 'context' }, question.context) : null,
    choices(question),
    freeText(question));
}

export function render(container) {
  const list = h('div', { class: 'cards' });
  const empty = h('p', { class: 'empty' }, 'No question waits for you.');
  container.append(h('h1', {}, 'Questions'), empty, list);

  // Cards are added and removed, never redrawn: an answer being typed in one card survives another's arrival.
  function sync() {
    const wanted = questions.list();
    const ids = new Set(wanted.map(question => question.questionId));
    [...list.children].forEach(shown => {
      if (!ids.has(shown.dataset.questionId)) {
        shown.remove();
      }
    });
    const shown = new Set([...list.children].map(existing => existing.dataset.questionId));
    wanted.filter(question => !shown.has(question.questionId)).forEach(question => list.append(card(question)));
    empty.hidden = wanted.length > 0;
  }

  sync();
  return questions.subscribe(sync);
}
