// Behaviour of the JavaScript client against fake sockets, fetch and clock: `node --test src/test/js/`.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { CourierClient, CourierApiError, memoryStorage } from '../../main/resources/static/courier-client.js';
import { FakeTimers, FakeWebSocket, fakeFetch, json, settle, tokens } from './fakes.mjs';

let timers;
let storage;
let ids;

beforeEach(() => {
  FakeWebSocket.reset();
  timers = new FakeTimers();
  storage = memoryStorage();
  let n = 0;
  ids = () => `m${++n}`;
});

function client(fetch = fakeFetch(login())) {
  return new CourierClient({
    baseUrl: 'http://gw.test:8080/', WebSocket: FakeWebSocket, fetch, storage, timers, newId: ids, random: () => 1,
    initialBackoffMs: 500, maxBackoffMs: 8000,
  });
}

function login(n = 1) {
  return (r) => (r.path === '/api/auth/login' ? json(200, tokens(n)) : undefined);
}

async function connected(c) {
  await c.login('+15550000001', 'pw', 'laptop');
  c.connect();
  await settle();
  const socket = FakeWebSocket.last();
  socket.acceptOpen();
  return socket;
}

test('login keeps the tokens and REST calls carry them as a bearer', async () => {
  const fetch = fakeFetch(login(), (r) => (r.path === '/api/groups' ? json(200, { groups: [] }) : undefined));
  const c = client(fetch);
  await c.login('+15550000001', 'secret', 'laptop');

  assert.deepEqual(await c.request('GET', '/api/groups'), { groups: [] });
  assert.deepEqual(fetch.calls[0].body, { phone: '+15550000001', password: 'secret', deviceId: 'laptop' });
  assert.equal(fetch.calls[1].headers.Authorization, 'Bearer access-1');
  assert.equal(c.userId, 'alice');
  assert.equal(client(fetch).userId, 'alice', 'a new client on the same storage is still signed in');
});

test('a 401 refreshes the token once and retries; concurrent calls share one refresh', async () => {
  let refreshes = 0;
  const fetch = fakeFetch(login(),
    (r) => (r.path === '/api/auth/refresh' ? (refreshes++, json(200, tokens(2))) : undefined),
    (r) => (r.headers.Authorization === 'Bearer access-1' ? json(401, { title: 'Unauthorized' }) : undefined),
    (r) => json(200, { ok: r.path }));
  const c = client(fetch);
  await c.login('+15550000001', 'pw');

  const answers = await Promise.all([c.request('GET', '/api/a'), c.request('GET', '/api/b')]);

  assert.deepEqual(answers, [{ ok: '/api/a' }, { ok: '/api/b' }]);
  assert.equal(refreshes, 1);
  assert.deepEqual(fetch.calls.find((r) => r.path === '/api/auth/refresh').body, { refreshToken: 'refresh-1' });
});

test('errors are thrown with the ProblemDetail', async () => {
  const fetch = fakeFetch(login(), () => json(404, { title: 'Not Found', detail: 'No user with that phone' }));
  const c = client(fetch);
  await c.login('+15550000001', 'pw');

  await assert.rejects(c.request('GET', '/api/users?phone=%2B1'), (e) => e instanceof CourierApiError
    && e.status === 404 && e.message === 'No user with that phone');
});

test('the token is refreshed before it expires', async () => {
  let refreshes = 0;
  const fetch = fakeFetch((r) => (r.path === '/api/auth/login' ? json(200, tokens(1, 60)) : undefined),
    (r) => (r.path === '/api/auth/refresh' ? json(200, tokens(2 + refreshes++, 60)) : undefined));
  const c = client(fetch);
  await c.login('+15550000001', 'pw');

  await timers.advance(31_000);

  assert.equal(refreshes, 1);
  assert.equal(c.session.accessToken, 'access-2');
});

test('connects with the token in the query, sends, and forgets a message once it is sent', async () => {
  const c = client();
  const socket = await connected(c);
  assert.equal(socket.url, 'ws://gw.test:8080/ws?access_token=access-1');
  assert.equal(c.state, 'open');

  const id = c.send({ user: 'bob' }, { text: 'hi' });

  assert.deepEqual(socket.sentOfType('send'), [{ type: 'send', id, to: { user: 'bob' }, body: { text: 'hi' } }]);
  assert.equal(c.pending().length, 1);
  const receipts = [];
  c.on('receipt', (r) => receipts.push(r));
  socket.receive({ type: 'receipt', status: 'sent', messageId: id, conversationId: 'c1', seq: 1, at: 5 });
  assert.equal(c.pending().length, 0);
  assert.equal(receipts[0].seq, 1);
});

test('every message is acknowledged as delivered, duplicates are acknowledged but reported once', async () => {
  const c = client();
  const socket = await connected(c);
  const messages = [];
  c.on('message', (m) => messages.push(m));
  const frame = { type: 'message', id: 'x1', conversationId: 'c1', from: 'bob', to: { user: 'alice' }, seq: 1,
    sentAt: 1, body: { text: 'yo' } };

  socket.receive(frame);
  socket.receive(frame);

  assert.equal(messages.length, 1);
  assert.deepEqual(socket.sentOfType('receipt'), [
    { type: 'receipt', status: 'delivered', messageIds: ['x1'] },
    { type: 'receipt', status: 'delivered', messageIds: ['x1'] }]);
});

test('messages written while offline are sent on reconnect with their ids, once', async () => {
  const c = client();
  const first = await connected(c);
  const states = [];
  c.on('state', (s) => states.push(s));

  first.serverClose(1006);
  const a = c.send({ user: 'bob' }, { text: 'one' });
  const b = c.send({ user: 'bob' }, { text: 'two' });
  assert.equal(c.state, 'offline');
  await timers.advance(500);
  const second = FakeWebSocket.last();
  assert.notEqual(second, first);
  second.acceptOpen();

  assert.deepEqual(second.sentOfType('send').map((f) => f.id), [a, b]);
  assert.deepEqual(states, ['offline', 'connecting', 'open']);
  second.receive({ type: 'receipt', status: 'sent', messageId: a, conversationId: 'c', seq: 1, at: 1 });
  second.receive({ type: 'receipt', status: 'sent', messageId: b, conversationId: 'c', seq: 2, at: 1 });

  second.serverClose(1012);
  await timers.advance(500);
  FakeWebSocket.last().acceptOpen();
  assert.deepEqual(FakeWebSocket.last().sentOfType('send'), [], 'nothing is resent once the server stored it');
});

test('a message whose sent receipt was lost is resent with the same id', async () => {
  const c = client();
  const first = await connected(c);
  const id = c.send({ group: 'g1' }, { text: 'lost ack' });
  first.serverClose(1006);
  await timers.advance(500);
  FakeWebSocket.last().acceptOpen();

  assert.deepEqual(FakeWebSocket.last().sentOfType('send'),
    [{ type: 'send', id, to: { group: 'g1' }, body: { text: 'lost ack' } }]);
});

test('the outbox survives a page reload', async () => {
  const c = client();
  const socket = await connected(c);
  socket.serverClose(1006);
  const id = c.send({ user: 'bob' }, { text: 'before reload' });
  c.close();

  const reloaded = client();
  assert.deepEqual(reloaded.pending().map((m) => m.id), [id]);
  reloaded.connect();
  await settle();
  FakeWebSocket.last().acceptOpen();
  assert.deepEqual(FakeWebSocket.last().sentOfType('send').map((f) => f.id), [id]);
});

test('reconnect delays back off exponentially up to the maximum and reset after an open', async () => {
  let n = 1;
  const c = client(fakeFetch(login(), (r) => (r.path === '/api/auth/refresh' ? json(200, tokens(++n)) : undefined)));
  const socket = await connected(c);
  socket.serverClose(1006);
  const delays = [];
  for (let i = 0; i < 6; i++) {
    delays.push(Math.min(...timers.pendingDelays()));
    await timers.advance(delays.at(-1));
    FakeWebSocket.last().serverClose(1006);
    await settle();
  }
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 8000]);

  await timers.advance(Math.min(...timers.pendingDelays()));
  FakeWebSocket.last().acceptOpen();
  FakeWebSocket.last().serverClose(1006);
  assert.equal(Math.min(...timers.pendingDelays()), 500);
});

test('dropConnection stays offline until restored, then sends what was written meanwhile', async () => {
  const c = client();
  const first = await connected(c);

  c.dropConnection();
  const a = c.send({ user: 'bob' }, { text: 'one' });
  const b = c.send({ user: 'bob' }, { text: 'two' });
  await timers.advance(60_000);
  assert.equal(first.closedWith.code, 4000);
  assert.equal(FakeWebSocket.all.length, 1, 'no reconnect while dropped');

  c.restoreConnection();
  await settle();
  FakeWebSocket.last().acceptOpen();
  assert.deepEqual(FakeWebSocket.last().sentOfType('send').map((f) => f.id), [a, b]);
});

test('read receipts made offline are sent after reconnecting', async () => {
  const c = client();
  const first = await connected(c);
  first.serverClose(1006);
  c.receipt('read', ['x1', 'x2']);
  await timers.advance(500);
  FakeWebSocket.last().acceptOpen();
  assert.deepEqual(FakeWebSocket.last().sentOfType('receipt'), [{ type: 'receipt', status: 'read', messageIds: ['x1', 'x2'] }]);
});

test('a silent connection is dropped after a ping goes unanswered', async () => {
  const c = client();
  const socket = await connected(c);

  await timers.advance(20_000);
  assert.deepEqual(socket.sentOfType('ping'), [{ type: 'ping' }]);
  await timers.advance(10_000);

  assert.equal(socket.closedWith.code, 4000);
  assert.notEqual(c.state, 'open');
});

test('a pong keeps the connection', async () => {
  const c = client();
  const socket = await connected(c);
  await timers.advance(20_000);
  socket.receive({ type: 'pong' });
  await timers.advance(10_000);
  assert.equal(socket.closedWith, null);
  assert.equal(c.state, 'open');
});

test('close code 4401 signs out and stops reconnecting', async () => {
  const c = client();
  const socket = await connected(c);
  const events = [];
  c.on('signedout', (e) => events.push(e));

  socket.serverClose(4401);
  await timers.advance(60_000);

  assert.equal(c.state, 'signedout');
  assert.equal(c.session, null);
  assert.equal(events.length, 1);
  assert.equal(FakeWebSocket.all.length, 1);
});

test('two refused upgrades make the client refresh its token before trying again', async () => {
  let refreshes = 0;
  const fetch = fakeFetch(login(), (r) => (r.path === '/api/auth/refresh' ? json(200, tokens(2 + refreshes++)) : undefined));
  const c = client(fetch);
  await c.login('+15550000001', 'pw');
  c.connect();
  await settle();
  FakeWebSocket.last().serverClose(1006);
  await timers.advance(500);
  FakeWebSocket.last().serverClose(1006);
  await timers.advance(1000);

  assert.equal(refreshes, 1);
  assert.equal(FakeWebSocket.last().url, 'ws://gw.test:8080/ws?access_token=access-2');
});

test('server frames reach listeners by type', async () => {
  const c = client();
  const socket = await connected(c);
  const seen = [];
  for (const type of ['typing', 'presence', 'expired', 'settings', 'profile', 'error']) c.on(type, (f) => seen.push(f.type));

  for (const type of ['typing', 'presence', 'expired', 'settings', 'profile', 'error']) socket.receive({ type });
  c.typing({ user: 'bob' }, 'composing');
  c.subscribePresence(['bob']);

  assert.deepEqual(seen, ['typing', 'presence', 'expired', 'settings', 'profile', 'error']);
  assert.deepEqual(socket.sent.slice(-2), [
    { type: 'typing', to: { user: 'bob' }, state: 'composing' }, { type: 'subscribe_presence', users: ['bob'] }]);
});

test('a send refused by the server leaves the outbox; a rate-limited one is sent again a little later', async () => {
  const c = client();
  const socket = await connected(c);
  const refused = c.send({ group: 'g1' }, { text: 'not a member' });
  const limited = c.send({ user: 'bob' }, { text: 'too fast' });

  socket.receive({ type: 'error', code: 'forbidden', message: 'not a member', ref: refused });
  socket.receive({ type: 'error', code: 'rate_limited', message: 'slow down', ref: limited });

  assert.deepEqual(c.pending().map((m) => m.id), [limited]);
  await timers.advance(2000);
  assert.deepEqual(socket.sentOfType('send').map((f) => f.id), [refused, limited, limited]);
});

test('react, edit and delete are kept until answered, resent with their ids after a reconnect', async () => {
  const c = client();
  const socket = await connected(c);
  const answers = [];
  for (const type of ['done', 'error', 'reaction', 'edited', 'deleted']) c.on(type, (f) => answers.push(f.type));

  const react = c.react('m0', '👍');
  const edit = c.edit('m0', 'hello');
  const remove = c.remove('m0');
  assert.deepEqual(socket.sent.slice(-3), [{ id: react, type: 'react', messageId: 'm0', emoji: '👍' },
    { id: edit, type: 'edit', messageId: 'm0', body: { text: 'hello' } }, { id: remove, type: 'delete', messageId: 'm0' }]);
  socket.receive({ type: 'done', ref: react, at: 7 });
  socket.receive({ type: 'reaction', conversationId: 'c1', messageId: 'm0', from: 'u1', emoji: '👍', at: 7 });
  socket.receive({ type: 'error', code: 'forbidden', message: 'too late', ref: edit });
  assert.deepEqual(answers, ['done', 'reaction', 'error']);
  assert.deepEqual([...c.actions.keys()], [remove]);

  socket.serverClose(1006);
  await timers.advance(1000);
  FakeWebSocket.last().acceptOpen();
  assert.deepEqual(FakeWebSocket.last().sentOfType('delete'), [{ id: remove, type: 'delete', messageId: 'm0' }]);
  assert.deepEqual(client().actions.get(remove), { id: remove, type: 'delete', messageId: 'm0' }, 'kept in storage');
});

test('a reply carries the id it quotes, kept with it in the outbox', async () => {
  const c = client();
  const socket = await connected(c);

  const id = c.send({ user: 'bob' }, { text: 'yes' }, { replyTo: 'm0' });

  assert.deepEqual(socket.sentOfType('send'), [{ type: 'send', id, to: { user: 'bob' }, body: { text: 'yes' }, replyTo: 'm0' }]);
  assert.equal(c.pending()[0].replyTo, 'm0');
  socket.serverClose(1006);
  await timers.advance(1000);
  FakeWebSocket.last().acceptOpen();
  assert.equal(FakeWebSocket.last().sentOfType('send')[0].replyTo, 'm0', 'resent as a reply');
});

test('block, unblock and the block list are REST calls with the bearer', async () => {
  const calls = [];
  const c = client(fakeFetch(login(), (r) => {
    if (r.path !== '/api/auth/login') calls.push(`${r.method} ${r.path} ${r.headers.Authorization}`);
    if (r.path === '/api/me/blocked') return json(200, { users: ['bob'] });
    if (r.path.startsWith('/api/me/blocked/')) return new Response(null, { status: 204 });
    return undefined;
  }));
  await c.login('+15550000001', 'pw', 'laptop');

  await c.block('bob');
  assert.deepEqual(await c.blocked(), ['bob']);
  await c.unblock('bob');

  assert.deepEqual(calls, ['PUT /api/me/blocked/bob Bearer access-1', 'GET /api/me/blocked Bearer access-1',
    'DELETE /api/me/blocked/bob Bearer access-1']);
});
