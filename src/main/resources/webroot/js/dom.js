// Small helpers to build the page from data: elements with text (never HTML from the hub), times, and status pills.

/** An element with attributes and children; strings become text nodes, so nothing from the hub is parsed as HTML. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.substring(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  });
  children.flat().forEach(child => {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  });
  return element;
}

/** An SVG element. */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  Object.entries(attributes).forEach(([name, value]) => {
    if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value);
    }
  });
  children.flat().forEach(child => element.append(child instanceof Node ? child : String(child)));
  return element;
}

export function status(value) {
  return h('span', { class: 'status status-' + value, dataset: { status: value } }, value);
}

/** "3 s ago", "5 min ago", …, or the date for anything older than a day. */
export function ago(iso) {
  if (!iso) {
    return '—';
  }
  const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (seconds < 60) {
    return seconds + ' s ago';
  }
  if (seconds < 3600) {
    return Math.round(seconds / 60) + ' min ago';
  }
  if (seconds < 86400) {
    return Math.round(seconds / 3600) + ' h ago';
  }
  return new Date(iso).toLocaleString();
}

export function shortId(id) {
  return id ? id.substring(0, 8) : '—';
}

/** Runs fn at most once per frame of burst: many events in a row cause one refresh. */
export function debounce(fn, ms = 100) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

/** Shows an API error (its ApiError message) or any other failure in the banner until the next action. */
export function showError(error) {
  const banner = document.getElementById('error');
  banner.textContent = error && error.code ? `${error.code}: ${error.message}` : String(error && error.message || error);
  banner.hidden = false;
}

export function clearError() {
  document.getElementById('error').hidden = true;
}
