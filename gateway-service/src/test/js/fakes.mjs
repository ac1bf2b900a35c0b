// Test doubles for courier-client.js: a controllable WebSocket, fetch and clock. No npm packages.

/** A clock whose timers run only when the test advances it. */
export class FakeTimers {
  #now = 1_000_000;
  #next = 1;
  #tasks = new Map();

  now = () => this.#now;

  setTimeout = (fn, ms) => {
    const id = this.#next++;
    this.#tasks.set(id, { at: this.#now + Math.max(0, ms), fn });
    return id;
  };

  clearTimeout = (id) => {
    this.#tasks.delete(id);
  };

  setInterval = (fn, ms) => {
    const id = this.#next++;
    const run = () => {
      this.#tasks.set(id, { at: this.#now + ms, fn: run });
      fn();
    };
    this.#tasks.set(id, { at: this.#now + ms, fn: run });
    return id;
  };

  clearInterval = (id) => this.clearTimeout(id);

  /** Runs every timer due within `ms`, in time order, letting promises settle in between. */
  async advance(ms) {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const due = [...this.#tasks.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, task] = due;
      this.#tasks.delete(id);
      this.#now = Math.max(this.#now, task.at);
      task.fn();
    }
    this.#now = end;
    await settle();
  }

  pendingDelays() {
    return [...this.#tasks.values()].map((t) => t.at - this.#now);
  }
}

export async function settle() {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A WebSocket the test opens, feeds and closes by hand; every instance is recorded in `FakeWebSocket.all`. */
export class FakeWebSocket {
  static all = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
    FakeWebSocket.all.push(this);
  }

  static reset() {
    FakeWebSocket.all = [];
  }

  static last() {
    return FakeWebSocket.all.at(-1);
  }

  send(text) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(text));
  }

  close(code = 1000, reason = '') {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.closedWith = { code, reason };
    // A close the client asked for still fires onclose, as browsers do.
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }

  // ---- what the server side of the test does ----

  acceptOpen() {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  serverClose(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }

  sentOfType(type) {
    return this.sent.filter((f) => f.type === type);
  }
}

/** fetch that answers from a list of handlers `(method, path, request) => Response | undefined`, recording calls. */
export function fakeFetch(...handlers) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    const path = new URL(url).pathname + new URL(url).search;
    const request = { method: init.method ?? 'GET', path, headers: init.headers ?? {},
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body };
    calls.push(request);
    for (const handler of handlers) {
      const response = handler(request);
      if (response) return response;
    }
    return json(404, { title: 'Not Found' });
  };
  fetch.calls = calls;
  return fetch;
}

export function json(status, body) {
  return new Response(body === undefined ? null : JSON.stringify(body),
    { status, headers: { 'Content-Type': 'application/json' } });
}

export function tokens(n, expiresIn = 900) {
  return { userId: 'alice', accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn };
}
