// The owner's live events over the /api/v1/events SockJS socket (any of its transports). A lost socket reconnects by
// itself, backing off up to 10 s; each time it is back, the views catch up from the API ('reconnected').

const listeners = new Map();
let socket = null;
let stopped = true;
let backoffMs = 500;
let retryTimer = null;
let everLive = false;

function emit(type, event) {
  (listeners.get(type) || []).forEach(listener => listener(event));
  (listeners.get('*') || []).forEach(listener => listener(event));
}

function connect(apiKey, onState) {
  socket = new SockJS('/api/v1/events');
  socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', apiKey }));
  socket.onmessage = message => {
    const event = JSON.parse(message.data);
    if (event.type === 'authenticated') {
      backoffMs = 500;
      onState('live');
      if (everLive) {
        emit('reconnected', event);
      }
      everLive = true;
      return;
    }
    if (event.type === 'error') {
      onState('refused');
      stopped = true;
      emit('refused', event);
      return;
    }
    emit(event.type, event);
  };
  socket.onclose = () => {
    socket = null;
    if (stopped) {
      return;
    }
    onState('reconnecting');
    retryTimer = setTimeout(() => connect(apiKey, onState), backoffMs);
    backoffMs = Math.min(backoffMs * 2, 10_000);
  };
}

export const events = {
  start(apiKey, onState) {
    stopped = false;
    everLive = false;
    backoffMs = 500;
    onState('connecting');
    connect(apiKey, onState);
  },
  stop() {
    stopped = true;
    clearTimeout(retryTimer);
    if (socket) {
      socket.close();
    }
  },
  /** Calls listener for each event of the type ('*': every event); returns the function that stops it. */
  on(type, listener) {
    if (!listeners.has(type)) {
      listeners.set(type, []);
    }
    listeners.get(type).push(listener);
    return () => listeners.set(type, listeners.get(type).filter(other => other !== listener));
  },
};
