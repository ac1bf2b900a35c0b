// Courier JavaScript client: the public contract (PROTOCOL.md) over fetch and WebSocket, with no dependencies.
// Works in browsers and in Node 20+ (pass a WebSocket implementation). What it adds to the raw protocol:
//  - an outbox: every send keeps its client-made id until the server's `sent` receipt; it is resent with the
//    same id after a reconnect (the server stores it once), and survives a page reload through `storage`;
//  - the same for message actions (react, edit, delete for everyone) until their `done` or `error` answer;
//  - `receipt delivered` for every `message` frame, and duplicates (delivery is at least once) dropped by id;
//  - reconnection with exponential backoff and jitter, a ping watchdog for dead connections;
//  - access token refresh before expiry and on a 401 (refresh tokens rotate: one refresh at a time).

const SESSION_KEY = 'courier.session';
const SEEN_LIMIT = 2000;

/** An error answer of the REST API: `status` and the RFC 9457 ProblemDetail (when there was one). */
export class CourierApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.name = 'CourierApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** A Storage-like object kept in memory (the default outside browsers). */
export function memoryStorage() {
  const map = new Map();
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => map.set(k, String(v)),
    removeItem: (k) => map.delete(k),
  };
}

export class CourierClient {
  #listeners = new Map();
  #socket = null;
  #backoffAttempt = 0;
  #reconnectTimer = null;
  #pingTimer = null;
  #watchdogTimer = null;
  #refreshTimer = null;
  #refreshing = null;
  #blockedUntil = 0;
  #stopped = true;
  #failedOpens = 0;
  #queuedReceipts = [];
  #seen = [];
  #seenSet = new Set();

  /**
   * @param {object} options
   * @param {string} options.baseUrl   the gateway, e.g. `http://localhost:8080` (REST under /api, WebSocket at /ws)
   * @param {Function} [options.WebSocket] WebSocket constructor (default: the global one)
   * @param {Function} [options.fetch]     fetch (default: the global one)
   * @param {object} [options.storage]     Storage-like (getItem/setItem/removeItem) for the session and outbox
   * @param {Function} [options.newId]     message id factory (default: crypto.randomUUID)
   * @param {object} [options.timers]      {setTimeout, clearTimeout, setInterval, clearInterval, now} for tests
   */
  constructor(options = {}) {
    this.baseUrl = String(options.baseUrl ?? globalThis.location?.origin ?? '').replace(/\/+$/, '');
    this.WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.storage = options.storage ?? memoryStorage();
    this.newId = options.newId ?? (() => globalThis.crypto.randomUUID());
    this.random = options.random ?? Math.random;
    this.timers = {
      setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t),
      setInterval: (f, ms) => setInterval(f, ms), clearInterval: (t) => clearInterval(t),
      now: () => Date.now(), ...options.timers,
    };
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 15000;
    this.pingIntervalMs = options.pingIntervalMs ?? 20000;
    this.pongTimeoutMs = options.pongTimeoutMs ?? 10000;
    this.refreshMarginMs = options.refreshMarginMs ?? 30000;
    this.rateLimitRetryMs = options.rateLimitRetryMs ?? 2000;
    /** `offline` (not connected), `connecting`, `open`, or `signedout`. */
    this.state = 'offline';
    this.session = readJson(this.storage, SESSION_KEY);
    this.outbox = new Map();
    this.actions = new Map();
    if (this.session) {
      this.#loadUserState();
      this.#scheduleRefresh();
    }
  }

  // ---- events ----

  /**
   * Listens to `message`, `receipt`, `typing`, `presence`, `expired`, `settings`, `profile`, `reaction`, `edited`,
   * `deleted`, `done`, `error`, `pong` (server frames by type), `frame` (every frame), `state` (connection state changes), `signedout` and `session`.
   * Returns a function that removes the listener.
   */
  on(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
    return () => this.#listeners.get(type)?.delete(listener);
  }

  #emit(type, value) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        listener(value);
      } catch (e) {
        console.error(`courier: ${type} listener failed`, e);
      }
    }
  }

  // ---- REST ----

  get userId() {
    return this.session?.userId ?? null;
  }

  async register(phone, password, displayName) {
    return this.request('POST', '/api/auth/register', { phone, password, displayName }, { auth: false });
  }

  /** Logs in and keeps the tokens (in `storage`). `deviceId` names this device; sessions are per device. */
  async login(phone, password, deviceId) {
    const tokens = await this.request('POST', '/api/auth/login',
      deviceId ? { phone, password, deviceId } : { phone, password }, { auth: false });
    this.#setSession(tokens, deviceId);
    return tokens;
  }

  /** Swaps the refresh token for new tokens. Concurrent callers share one refresh (a refresh token works once). */
  refresh() {
    if (!this.session) return Promise.reject(new CourierApiError(401, { title: 'Not signed in' }));
    if (!this.#refreshing) {
      const refreshToken = this.session.refreshToken;
      this.#refreshing = this.request('POST', '/api/auth/refresh', { refreshToken }, { auth: false })
        .then((tokens) => {
          this.#setSession(tokens, this.session?.deviceId);
          return tokens;
        })
        .catch((e) => {
          if (e instanceof CourierApiError && (e.status === 401 || e.status === 400)) this.#signedOut('refresh refused');
          throw e;
        })
        .finally(() => { this.#refreshing = null; });
    }
    return this.#refreshing;
  }

  async logout() {
    try {
      if (this.session) await this.request('POST', '/api/auth/logout');
    } finally {
      this.#signedOut('logout', { clearOutbox: true });
    }
  }

  /**
   * One REST call with the bearer token: JSON in and out (a FormData body goes as multipart). A 401 refreshes the
   * token once and retries. Errors throw {@link CourierApiError}. `{raw: true}` returns the Response.
   */
  async request(method, path, body, { auth = true, raw = false, retried = false } = {}) {
    const headers = {};
    let payload;
    if (body instanceof (globalThis.FormData ?? class {})) {
      payload = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    if (auth) {
      if (!this.session) throw new CourierApiError(401, { title: 'Not signed in' });
      if (this.#tokenExpiresSoon(5000)) await this.refresh();
      headers.Authorization = `Bearer ${this.session.accessToken}`;
    }
    const response = await this.fetch(this.baseUrl + path, { method, headers, body: payload });
    if (response.status === 401 && auth && !retried) {
      await this.refresh();
      return this.request(method, path, body, { auth, raw, retried: true });
    }
    if (!response.ok) {
      let problem = null;
      try {
        problem = await response.json();
      } catch {
        // not JSON: the status says enough
      }
      throw new CourierApiError(response.status, problem);
    }
    if (raw) return response;
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /** The bytes of a media item or its thumbnail as a Blob (img src cannot carry the bearer header). */
  async mediaBlob(mediaId, { thumbnail = false } = {}) {
    const path = `/api/media/${encodeURIComponent(mediaId)}${thumbnail ? '/thumbnail' : ''}`;
    const response = await this.request('GET', path, undefined, { raw: true });
    return response.blob();
  }

  async uploadMedia(file, filename = 'image') {
    const form = new FormData();
    form.append('file', file, file.name ?? filename);
    return this.request('POST', '/api/media', form);
  }

  // ---- WebSocket ----

  /** Opens the socket and keeps it open (reconnecting with backoff) until {@link close} or sign-out. */
  connect() {
    if (!this.session) throw new Error('Not signed in');
    this.#stopped = false;
    if (!this.#socket && !this.#reconnectTimer) this.#open();
  }

  /** Closes the socket and stops reconnecting. The outbox is kept. */
  close() {
    this.#stopped = true;
    this.#clearReconnect();
    this.#dropSocket(1000, 'client closed');
    this.#setState('offline');
  }

  /**
   * Sends a message: `to` is `{user}` or `{group}`, `body` is `{text}` or `{image: {mediaId, caption}}`; `replyTo`
   * (optional) is the id of the message of the same conversation it replies to: every copy then carries
   * `replyTo: {id, from, preview}`, and a message that cannot be quoted (unknown, deleted) is answered
   * `error not_found`. The message stays in the outbox until its `sent` receipt, and is resent with the same id after
   * each reconnect. Returns the id.
   */
  send(to, body, { id, replyTo } = {}) {
    const messageId = id ?? this.newId();
    const frame = { type: 'send', id: messageId, to, body, ...(replyTo ? { replyTo } : {}) };
    if (!this.outbox.has(messageId)) {
      this.outbox.set(messageId, { ...frame, queuedAt: this.timers.now() });
      this.#saveOutbox();
    }
    this.#write(frame);
    return messageId;
  }

  /** Messages sent but not yet confirmed by a `sent` receipt, oldest first. */
  pending() {
    return [...this.outbox.values()];
  }

  /** `delivered` or `read` for messages received. Queued while offline. */
  receipt(status, messageIds) {
    if (!messageIds?.length) return;
    const frame = { type: 'receipt', status, messageIds: [...messageIds] };
    if (!this.#write(frame)) this.#queuedReceipts.push(frame);
  }

  /**
   * Reacts to a message with an emoji; `''` takes one's reaction back. Like {@link edit} and {@link remove}, the
   * action is kept (and resent with the same id after a reconnect) until its `done` or `error` answer, whose `ref` is
   * the returned id. The change itself arrives as a `reaction` frame, on this device too.
   */
  react(messageId, emoji) {
    return this.#act({ type: 'react', messageId, emoji });
  }

  /** Replaces the text of one's own text message (within 15 minutes of sending); answered by an `edited` frame. */
  edit(messageId, text) {
    return this.#act({ type: 'edit', messageId, body: { text } });
  }

  /** Deletes a message for everyone (one's own within 48 hours, any in a group one is admin of); `deleted` frame. */
  remove(messageId) {
    return this.#act({ type: 'delete', messageId });
  }

  #act(action) {
    const frame = { id: this.newId(), ...action };
    this.actions.set(frame.id, frame);
    this.#saveActions();
    this.#write(frame);
    return frame.id;
  }

  /** Blocks a user (PROTOCOL.md v1.1): their direct messages are no longer delivered to the caller. */
  block(userId) {
    return this.request('PUT', `/api/me/blocked/${encodeURIComponent(userId)}`);
  }

  /** Ends a block (also fine when there was none). */
  unblock(userId) {
    return this.request('DELETE', `/api/me/blocked/${encodeURIComponent(userId)}`);
  }

  /** The ids of the users the caller blocks, oldest block first. */
  async blocked() {
    return (await this.request('GET', '/api/me/blocked')).users;
  }

  typing(to, state) {
    this.#write({ type: 'typing', to, state });
  }

  presence(state) {
    this.#write({ type: 'presence', state });
  }

  subscribePresence(users) {
    if (users?.length) this.#write({ type: 'subscribe_presence', users: [...users] });
  }

  /** Test hook: drops the connection as a network cut would, and stays offline for `ms` (or until restore). */
  dropConnection(ms = Infinity) {
    this.#blockedUntil = this.timers.now() + ms;
    this.#dropSocket(4000, 'dropped');
    this.#connectionLost();
  }

  /** Ends what {@link dropConnection} started: reconnects at once. */
  restoreConnection() {
    this.#blockedUntil = 0;
    this.#clearReconnect();
    if (!this.#stopped && !this.#socket) this.#open();
  }

  // ---- internals ----

  async #open() {
    this.#reconnectTimer = null;
    if (this.#stopped || this.#socket) return;
    if (this.timers.now() < this.#blockedUntil) {
      this.#scheduleReconnect();
      return;
    }
    this.#setState('connecting');
    try {
      if (this.#tokenExpiresSoon(this.refreshMarginMs) || this.#failedOpens >= 2) {
        await this.refresh();
        this.#failedOpens = 0;
      }
    } catch {
      // Signed out: stop. Otherwise (auth-service unreachable) try with the token we have.
      if (this.state === 'signedout') return;
    }
    if (this.#stopped || this.#socket || !this.session) return;
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/ws?access_token=${encodeURIComponent(this.session.accessToken)}`;
    let socket;
    try {
      socket = new this.WebSocket(url);
    } catch (e) {
      this.#connectionLost();
      return;
    }
    this.#socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      opened = true;
      this.#failedOpens = 0;
      this.#backoffAttempt = 0;
      this.#setState('open');
      this.#startPing();
      for (const entry of this.outbox.values()) this.#write(stripQueuedAt(entry));
      for (const action of this.actions.values()) this.#write(action);
      const receipts = this.#queuedReceipts.splice(0);
      for (const frame of receipts) this.#write(frame);
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      this.#heard();
      let frame;
      try {
        frame = JSON.parse(typeof event.data === 'string' ? event.data : String(event.data));
      } catch {
        return;
      }
      this.#handle(frame);
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#stopPing();
      if (!opened) this.#failedOpens++;
      if (event?.code === 4401) {
        this.#signedOut('session revoked');
        return;
      }
      this.#connectionLost();
    };
    socket.onerror = () => {
      // onclose follows and decides
    };
  }

  #handle(frame) {
    this.#emit('frame', frame);
    switch (frame.type) {
      case 'message':
        // Acknowledge every copy: a copy means the server has not heard our receipt yet.
        this.#write({ type: 'receipt', status: 'delivered', messageIds: [frame.id] });
        if (this.#remember(frame.id)) this.#emit('message', frame);
        return;
      case 'receipt':
        if (frame.status === 'sent' && this.outbox.delete(frame.messageId)) this.#saveOutbox();
        this.#emit('receipt', frame);
        return;
      case 'done':
        if (this.actions.delete(frame.ref)) this.#saveActions();
        this.#emit('done', frame);
        return;
      case 'error':
        if (frame.ref && this.actions.has(frame.ref)) {
          if (frame.code === 'rate_limited') {
            this.timers.setTimeout(() => {
              const action = this.actions.get(frame.ref);
              if (action) this.#write(action);
            }, this.rateLimitRetryMs);
          } else {
            this.actions.delete(frame.ref);
            this.#saveActions();
          }
        } else if (frame.ref && this.outbox.has(frame.ref)) {
          if (frame.code === 'rate_limited') {
            // Too fast: the same frame again a little later.
            this.timers.setTimeout(() => {
              const entry = this.outbox.get(frame.ref);
              if (entry) this.#write(stripQueuedAt(entry));
            }, this.rateLimitRetryMs);
          } else {
            // Refused for good (forbidden, invalid, expired…): resending it would be refused again.
            this.outbox.delete(frame.ref);
            this.#saveOutbox();
          }
        }
        this.#emit('error', frame);
        return;
      default:
        this.#emit(frame.type, frame);
    }
  }

  #remember(id) {
    if (this.#seenSet.has(id)) return false;
    this.#seenSet.add(id);
    this.#seen.push(id);
    if (this.#seen.length > SEEN_LIMIT) this.#seenSet.delete(this.#seen.shift());
    this.#saveSeen();
    return true;
  }

  #write(frame) {
    const socket = this.#socket;
    if (!socket || this.state !== 'open' || socket.readyState !== 1) return false;
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  #connectionLost() {
    this.#stopPing();
    if (this.state === 'signedout') return;
    this.#setState('offline');
    if (!this.#stopped) this.#scheduleReconnect();
  }

  #scheduleReconnect() {
    if (this.#reconnectTimer) return;
    const base = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** this.#backoffAttempt);
    this.#backoffAttempt++;
    let delay = Math.round(base * (0.5 + this.random() / 2));
    const blocked = this.#blockedUntil - this.timers.now();
    if (blocked > 0) delay = Math.max(delay, Math.min(blocked, 2 ** 31 - 1));
    this.#reconnectTimer = this.timers.setTimeout(() => this.#open(), delay);
  }

  #clearReconnect() {
    if (this.#reconnectTimer) this.timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
  }

  #dropSocket(code, reason) {
    const socket = this.#socket;
    this.#socket = null;
    this.#stopPing();
    if (socket) {
      try {
        socket.close(code, reason);
      } catch {
        // already closing
      }
    }
  }

  #startPing() {
    this.#stopPing();
    this.#pingTimer = this.timers.setInterval(() => {
      if (!this.#write({ type: 'ping' })) return;
      if (!this.#watchdogTimer) {
        this.#watchdogTimer = this.timers.setTimeout(() => {
          // Nothing heard since the ping: the connection is dead even if the browser has not noticed.
          this.#watchdogTimer = null;
          this.#dropSocket(4000, 'no pong');
          this.#connectionLost();
        }, this.pongTimeoutMs);
      }
    }, this.pingIntervalMs);
  }

  #heard() {
    if (this.#watchdogTimer) this.timers.clearTimeout(this.#watchdogTimer);
    this.#watchdogTimer = null;
  }

  #stopPing() {
    if (this.#pingTimer) this.timers.clearInterval(this.#pingTimer);
    this.#pingTimer = null;
    this.#heard();
  }

  #setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.#emit('state', state);
  }

  #setSession(tokens, deviceId) {
    this.session = {
      userId: tokens.userId,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: this.timers.now() + (tokens.expiresIn ?? 900) * 1000,
      deviceId: deviceId ?? null,
    };
    this.storage.setItem(SESSION_KEY, JSON.stringify(this.session));
    this.#loadUserState();
    this.#scheduleRefresh();
    if (this.state === 'signedout') this.state = 'offline';
    this.#emit('session', this.session);
  }

  #scheduleRefresh() {
    if (this.#refreshTimer) this.timers.clearTimeout(this.#refreshTimer);
    this.#refreshTimer = null;
    if (!this.session) return;
    const delay = Math.max(1000, this.session.expiresAt - this.timers.now() - this.refreshMarginMs);
    this.#refreshTimer = this.timers.setTimeout(() => {
      this.#refreshTimer = null;
      this.refresh().catch(() => this.#scheduleRetryRefresh());
    }, Math.min(delay, 2 ** 31 - 1));
  }

  #scheduleRetryRefresh() {
    if (!this.session || this.#refreshTimer) return;
    this.#refreshTimer = this.timers.setTimeout(() => {
      this.#refreshTimer = null;
      this.refresh().catch(() => this.#scheduleRetryRefresh());
    }, 5000);
  }

  #tokenExpiresSoon(marginMs) {
    return !!this.session && this.session.expiresAt - this.timers.now() < marginMs;
  }

  #signedOut(reason, { clearOutbox = false } = {}) {
    const userId = this.userId;
    this.#stopped = true;
    this.#clearReconnect();
    this.#dropSocket(1000, reason);
    if (this.#refreshTimer) this.timers.clearTimeout(this.#refreshTimer);
    this.#refreshTimer = null;
    this.storage.removeItem(SESSION_KEY);
    if (clearOutbox && userId) {
      this.storage.removeItem(`courier.outbox.${userId}`);
      this.storage.removeItem(`courier.actions.${userId}`);
    }
    this.session = null;
    this.outbox = new Map();
    this.actions = new Map();
    this.#setState('signedout');
    this.#emit('signedout', { userId, reason });
  }

  #loadUserState() {
    const saved = readJson(this.storage, `courier.outbox.${this.userId}`) ?? [];
    this.outbox = new Map(saved.map((entry) => [entry.id, entry]));
    const actions = readJson(this.storage, `courier.actions.${this.userId}`) ?? [];
    this.actions = new Map(actions.map((action) => [action.id, action]));
    this.#seen = readJson(this.storage, `courier.seen.${this.userId}`) ?? [];
    this.#seenSet = new Set(this.#seen);
  }

  #saveOutbox() {
    if (this.userId) this.storage.setItem(`courier.outbox.${this.userId}`, JSON.stringify([...this.outbox.values()]));
  }

  #saveActions() {
    if (this.userId) this.storage.setItem(`courier.actions.${this.userId}`, JSON.stringify([...this.actions.values()]));
  }

  #saveSeen() {
    if (this.userId) this.storage.setItem(`courier.seen.${this.userId}`, JSON.stringify(this.#seen));
  }
}

function stripQueuedAt({ queuedAt, ...frame }) {
  return frame;
}

function readJson(storage, key) {
  try {
    const text = storage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
