// Courier web client: the page around courier-client.js. Plain DOM, no framework, no build step.
import { CourierClient, CourierApiError } from './courier-client.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const TICKS = { pending: 0, sent: 1, delivered: 2, read: 3 };
const TIMER_OPTIONS = [
  ...(params.has('testTimers') ? [[10, '10 seconds (test)']] : []),
  [0, 'Off'], [86400, '24 hours'], [604800, '7 days'], [7776000, '90 days'],
];
const HISTORY_PAGE = 30;
const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];
const EDIT_WINDOW_MS = 15 * 60 * 1000;
const DELETE_WINDOW_MS = 48 * 60 * 60 * 1000;

// sessionStorage: each window (tab) is signed in on its own, so two windows can be two users.
const client = new CourierClient({ baseUrl: location.origin, storage: sessionStorage });
if (!sessionStorage.getItem('courier.device')) sessionStorage.setItem('courier.device', `web-${crypto.randomUUID()}`);

/** Hooks for tests and debugging: cut the connection as a network failure would, then let it come back. */
window.courier = {
  client,
  debugDropConnection: (ms) => client.dropConnection(ms ?? Infinity),
  debugRestoreConnection: () => client.restoreConnection(),
};

const state = {
  me: null,
  users: new Map(), // userId -> {displayName, phone}
  userRequests: new Map(),
  chats: new Map(), // key -> chat
  byConversation: new Map(), // conversationId -> key
  byMessage: new Map(), // messageId -> key
  laterStatus: new Map(), // messageId -> receipt status that came before the message was shown
  laterActions: new Map(), // messageId -> reaction / edited / deleted frames that came before the message was shown
  actions: new Map(), // id of a react / edit / delete frame -> what it does, until its done or error
  blocked: new Set(), // userIds this user blocks (GET /api/me/blocked)
  replyTo: null, // {key, id}: the message the composer replies to
  presence: new Map(), // userId -> {online, lastSeen}
  typing: new Map(), // chat key -> {from, until}
  media: new Map(), // mediaId|thumb -> Promise<objectURL>
  openKey: null,
  loadingHistory: false,
};

// ---------- chats ----------

function chatKey(to) {
  return to.group ? `g:${to.group}` : `u:${to.user}`;
}

function chatFor(key) {
  let chat = state.chats.get(key);
  if (!chat) {
    const [kind, id] = [key.slice(0, 1), key.slice(2)];
    chat = {
      key, kind: kind === 'g' ? 'group' : 'direct', id, conversationId: null, title: '', members: [],
      messages: new Map(), unread: new Set(), unreadBefore: 0, unreadUpTo: 0, lastText: '', lastAt: 0,
      historyLoaded: false, oldestSeq: null, historyDone: false, disappearingSeconds: 0, notices: [],
    };
    state.chats.set(key, chat);
    if (chat.kind === 'direct') {
      chat.title = nameOf(id);
      watchPresence([id]);
    } else {
      loadGroup(id);
    }
  }
  return chat;
}

function setConversation(chat, conversationId) {
  if (!conversationId || chat.conversationId === conversationId) return;
  chat.conversationId = conversationId;
  state.byConversation.set(conversationId, chat.key);
  saveChats();
}

function recipientOf(chat) {
  return chat.kind === 'group' ? { group: chat.id } : { user: chat.id };
}

function saveChats() {
  if (!state.me) return;
  const saved = [...state.chats.values()].map(({ key, conversationId, title, lastText, lastAt, disappearingSeconds }) =>
    ({ key, conversationId, title, lastText, lastAt, disappearingSeconds }));
  localStorage.setItem(`courier.chats.${state.me}`, JSON.stringify(saved));
}

function restoreChats() {
  let saved = [];
  try {
    saved = JSON.parse(localStorage.getItem(`courier.chats.${state.me}`) ?? '[]');
  } catch {
    saved = [];
  }
  for (const entry of saved) {
    const chat = chatFor(entry.key);
    Object.assign(chat, { title: chat.title || entry.title, lastText: entry.lastText, lastAt: entry.lastAt,
      disappearingSeconds: entry.disappearingSeconds ?? 0 });
    setConversation(chat, entry.conversationId);
  }
}

async function loadGroups() {
  try {
    const { groups } = await client.request('GET', '/api/groups');
    for (const group of groups) applyGroup(group);
    render();
  } catch (e) {
    console.warn('Could not load groups', e);
  }
}

// The chat list from the server: a new browser finds the direct chats it had (their ids come from the server), and
// a reload the unread counts.
async function loadConversations() {
  try {
    const { conversations } = await client.request('GET', '/api/conversations');
    for (const summary of conversations) {
      const peer = summary.participants.find((user) => user !== state.me) ?? state.me;
      const chat = chatFor(summary.kind === 'direct' ? `u:${peer}` : `g:${summary.conversationId}`);
      setConversation(chat, summary.conversationId);
      chat.disappearingSeconds = summary.disappearingSeconds;
      const last = summary.lastMessage;
      if (last && last.sentAt >= chat.lastAt) {
        chat.lastAt = last.sentAt;
        chat.lastText = last.body?.system ? chat.lastText : preview(last);
      }
      countUnread(chat, summary.unread ?? 0, last?.seq ?? 0);
    }
    saveChats();
    render();
  } catch (e) {
    console.warn('Could not load conversations', e);
  }
}

async function loadGroup(groupId) {
  try {
    applyGroup(await client.request('GET', `/api/groups/${encodeURIComponent(groupId)}`));
    render();
  } catch (e) {
    if (e instanceof CourierApiError && (e.status === 403 || e.status === 404)) {
      const chat = state.chats.get(`g:${groupId}`);
      if (chat) chat.left = true;
    }
  }
}

function applyGroup(group) {
  const chat = chatFor(`g:${group.groupId}`);
  chat.title = group.name;
  chat.members = group.members;
  chat.left = !group.members.some((m) => m.userId === state.me);
  setConversation(chat, group.groupId);
  for (const m of group.members) nameOf(m.userId);
  watchPresence([]);
}

// ---------- users and presence ----------

function nameOf(userId) {
  if (userId === state.me) return 'You';
  const user = state.users.get(userId);
  if (user) return user.displayName;
  if (!state.userRequests.has(userId)) {
    state.userRequests.set(userId, client.request('GET', `/api/users/${encodeURIComponent(userId)}`)
      .then((u) => {
        state.users.set(userId, u);
        const chat = state.chats.get(`u:${userId}`);
        if (chat) chat.title = u.displayName;
        render();
      })
      .catch(() => state.users.set(userId, { displayName: 'Unknown user' })));
  }
  return '…';
}

const watched = new Set();
function watchPresence(userIds) {
  const fresh = userIds.filter((id) => id !== state.me && !watched.has(id));
  for (const id of fresh) {
    watched.add(id);
    client.request('GET', `/api/presence/${encodeURIComponent(id)}`)
      .then((p) => { if (!state.presence.has(id)) state.presence.set(id, p); render(); })
      .catch(() => {});
  }
  if (fresh.length) client.subscribePresence(fresh);
}

function presenceLine(userId) {
  const p = state.presence.get(userId);
  if (!p) return '';
  if (p.online) return 'online';
  if (!p.lastSeen) return '';
  const at = new Date(p.lastSeen);
  const day = dayLabel(at).toLowerCase();
  const prefix = day === 'today' || day === 'yesterday' ? day : `on ${dayLabel(at)}`;
  return `last seen ${prefix} at ${timeOf(at)}`;
}

// ---------- unread ----------

// The server's count of unread messages up to `upTo` (a seq), less those this page already holds as unread: those
// are counted by id, and their read receipts go when the chat is open; the others' ids come with the history.
function countUnread(chat, count, upTo) {
  const known = [...chat.unread].filter((id) => (chat.messages.get(id)?.seq ?? Infinity) <= upTo).length;
  chat.unreadBefore = Math.max(0, count - known);
  chat.unreadUpTo = upTo;
  if (chat.historyLoaded) claimUnread(chat);
}

/** The newest messages from others in the history are the ones the server counted as unread. */
function claimUnread(chat) {
  if (!chat.unreadBefore) return;
  const others = [...chat.messages.values()]
    .filter((m) => !m.mine && !m.deleted && !m.body.system && m.seq != null && !chat.unread.has(m.id))
    .sort((a, b) => b.seq - a.seq).slice(0, chat.unreadBefore);
  for (const m of others) chat.unread.add(m.id);
  chat.unreadBefore = 0;
  markRead();
}

function unreadCount(chat) {
  return chat.unread.size + chat.unreadBefore;
}

// ---------- messages ----------

function addMessage(chat, message) {
  const existing = chat.messages.get(message.id);
  if (existing) {
    Object.assign(existing, { seq: message.seq ?? existing.seq, expiresAt: message.expiresAt ?? existing.expiresAt });
    if (existing.mine && message.status) existing.status = higher(existing.status, message.status);
    if (message.deleted && !existing.deleted) markDeleted(chat, existing);
    else if (message.editedAt && message.editedAt > (existing.editedAt ?? 0)) {
      Object.assign(existing, { body: message.body, editedAt: message.editedAt });
    }
    if (!existing.reactions?.size && message.reactions?.size) existing.reactions = message.reactions;
    if (message.replyTo) existing.replyTo = message.replyTo;
    return existing;
  }
  if (message.expiresAt && message.expiresAt <= Date.now()) return null;
  const later = state.laterStatus.get(message.id);
  if (later) {
    message.status = higher(message.status, later);
    state.laterStatus.delete(message.id);
  }
  chat.messages.set(message.id, message);
  state.byMessage.set(message.id, chat.key);
  for (const frame of state.laterActions.get(message.id) ?? []) applyAction(chat, message, frame);
  state.laterActions.delete(message.id);
  if (message.sentAt >= chat.lastAt) {
    chat.lastAt = message.sentAt;
    chat.lastText = preview(message);
    saveChats();
  }
  return message;
}

function fromFrame(frame) {
  return {
    id: frame.id, conversationId: frame.conversationId, from: frame.from, seq: frame.seq, sentAt: frame.sentAt,
    body: frame.body ?? {}, expiresAt: frame.expiresAt ?? null, mine: frame.from === state.me,
    // The history says how far an own message got (a frame has no status: it was just sent).
    status: frame.from === state.me ? frame.status ?? 'sent' : null,
    reactions: new Map((frame.reactions ?? []).map((r) => [r.from, r.emoji])),
    editedAt: frame.editedAt ?? null, deleted: !!frame.deleted, deletedBy: frame.deleted ? frame.from : null,
    replyTo: frame.replyTo ?? null,
  };
}

/** A quote's preview as the server makes it: the text cut to 100 code points, or "Photo" (with the caption). */
function quotePreview(message) {
  if (message.deleted || !message.body || message.body.system) return null;
  const text = message.body.image ? (message.body.image.caption ? `Photo: ${message.body.image.caption}` : 'Photo')
    : message.body.text ?? '';
  return [...text].slice(0, 100).join('');
}

function preview(message) {
  // A deleted message: `deleted` in the history, a null body as a chat list's last message.
  if (message.deleted || !message.body) return message.from === state.me ? 'You deleted this message' : 'This message was deleted';
  if (message.body.image) return message.body.image.caption ? `Photo: ${message.body.image.caption}` : 'Photo';
  return message.body.text ?? '';
}

function higher(a, b) {
  return (TICKS[b] ?? -1) > (TICKS[a] ?? -1) ? b : a;
}

function setStatus(messageId, status) {
  const key = state.byMessage.get(messageId);
  const message = key && state.chats.get(key)?.messages.get(messageId);
  if (!message) {
    state.laterStatus.set(messageId, higher(state.laterStatus.get(messageId), status));
    return;
  }
  message.status = higher(message.status, status);
}

function onMessage(frame) {
  const key = frame.to?.group ? `g:${frame.to.group}` : `u:${frame.from === state.me ? frame.to.user : frame.from}`;
  const chat = chatFor(key);
  setConversation(chat, frame.conversationId);
  const message = addMessage(chat, fromFrame(frame));
  if (!message) return;
  if (!message.mine) {
    // Counted by the server's unread count already: now counted by id instead.
    if (chat.unreadBefore && message.seq <= chat.unreadUpTo && !chat.unread.has(message.id)) chat.unreadBefore--;
    chat.unread.add(message.id);
    state.typing.delete(key);
  }
  markRead();
  render();
}

function onReceipt(frame) {
  if (frame.status === 'sent') {
    const key = state.byMessage.get(frame.messageId);
    const chat = key && state.chats.get(key);
    if (chat) {
      setConversation(chat, frame.conversationId);
      const message = chat.messages.get(frame.messageId);
      if (message) {
        message.seq = frame.seq;
        // The sender hears no expiresAt: under a timer its copy goes when the recipients' does.
        if (chat.disappearingSeconds && !message.expiresAt) message.expiresAt = frame.at + chat.disappearingSeconds * 1000;
      }
    }
    setStatus(frame.messageId, 'sent');
  } else if (frame.status === 'delivered' || frame.status === 'read') {
    const key = state.byMessage.get(frame.messageId) ?? state.byConversation.get(frame.conversationId);
    const isGroup = key?.startsWith('g:') || frame.all !== undefined;
    // In a group the ticks move when every member got there (the `all` receipt); in a direct chat, on the peer's.
    if ((isGroup && frame.all) || (!isGroup && frame.by && frame.by !== state.me)) setStatus(frame.messageId, frame.status);
  }
  render();
}

// ---------- reactions, edits, deletes ----------

function onAction(frame) {
  const key = state.byMessage.get(frame.messageId);
  const chat = key && state.chats.get(key);
  const message = chat?.messages.get(frame.messageId);
  if (!message) {
    // Not shown yet (its history is not loaded, or still on its way): applied when it is.
    const later = state.laterActions.get(frame.messageId) ?? [];
    later.push(frame);
    state.laterActions.set(frame.messageId, later);
    return;
  }
  applyAction(chat, message, frame);
  render();
}

function applyAction(chat, m, frame) {
  if (m.deleted) return;
  if (frame.type === 'reaction') {
    m.reactions ??= new Map();
    if (frame.emoji) m.reactions.set(frame.from, frame.emoji);
    else m.reactions.delete(frame.from);
    return;
  }
  if (frame.type === 'edited' && frame.editedAt >= (m.editedAt ?? 0)) Object.assign(m, { body: frame.body, editedAt: frame.editedAt });
  if (frame.type === 'deleted') markDeleted(chat, m, frame.by);
  // Replies quoting it show what it says now (and nothing once it is deleted), as the server's copies do.
  for (const reply of chat.messages.values()) {
    if (reply.replyTo?.id === m.id) reply.replyTo = { ...reply.replyTo, preview: quotePreview(m) ?? undefined };
  }
  if (m.sentAt >= chat.lastAt) {
    chat.lastText = preview(m);
    saveChats();
  }
}

function markDeleted(chat, m, by) {
  Object.assign(m, { deleted: true, deletedBy: by ?? m.from, body: {}, editedAt: null, reactions: new Map(), replyTo: null });
  chat.unread.delete(m.id);
  if (state.replyTo?.id === m.id) state.replyTo = null;
}

function onDone(frame) {
  state.actions.delete(frame.ref);
}

function isAdmin(chat) {
  return chat.kind === 'group' && chat.members.some((m) => m.userId === state.me && m.role === 'admin');
}

function canAct(m) {
  return !m.deleted && !m.body.system && (!m.mine || (m.status !== 'pending' && m.status !== 'failed'));
}

function canEdit(m) {
  return m.mine && canAct(m) && typeof m.body.text === 'string' && Date.now() - m.sentAt < EDIT_WINDOW_MS;
}

function canDelete(chat, m) {
  return canAct(m) && ((m.mine && Date.now() - m.sentAt < DELETE_WINDOW_MS) || isAdmin(chat));
}

function act(kind, id) {
  state.actions.set(id, kind);
}

let errorTimer = null;
/** An error under the messages that goes by itself after a few seconds. */
function flashError(text) {
  $('composer-error').textContent = text;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => {
    if ($('composer-error').textContent === text) $('composer-error').textContent = '';
  }, 5000);
}

function onExpired(frame) {
  const key = state.byConversation.get(frame.conversationId);
  const chat = key && state.chats.get(key);
  if (!chat) return;
  for (const id of frame.messageIds ?? []) removeMessage(chat, id);
  render();
}

function removeMessage(chat, id) {
  chat.messages.delete(id);
  chat.unread.delete(id);
  state.byMessage.delete(id);
  const last = [...chat.messages.values()].sort((a, b) => a.sentAt - b.sentAt).at(-1);
  chat.lastText = last ? preview(last) : '';
  saveChats();
}

/** Messages whose timer ran out go at once, even before the server's `expired` (or while offline). */
function sweepExpired() {
  const now = Date.now();
  let changed = false;
  for (const chat of state.chats.values()) {
    for (const m of chat.messages.values()) {
      if (m.expiresAt && m.expiresAt <= now) {
        removeMessage(chat, m.id);
        changed = true;
      }
    }
  }
  if (changed) render();
}

function onSettings(frame) {
  const key = state.byConversation.get(frame.conversationId);
  const chat = key && state.chats.get(key);
  if (!chat) return;
  applyTimer(chat, frame.disappearingSeconds, frame.by);
  render();
}

function applyTimer(chat, seconds, by) {
  if (chat.disappearingSeconds === seconds) return;
  chat.disappearingSeconds = seconds;
  const who = by === state.me ? 'You' : nameOf(by);
  chat.notices.push({ at: Date.now(), text: seconds ? `${who} turned on disappearing messages: ${durationLabel(seconds)}.`
    : `${who} turned off disappearing messages.` });
  saveChats();
}

function onTyping(frame) {
  if (frame.from === state.me) return;
  const key = frame.to?.group ? `g:${frame.to.group}` : `u:${frame.from}`;
  if (frame.state === 'composing') state.typing.set(key, { from: frame.from, until: Date.now() + 6000 });
  else state.typing.delete(key);
  render();
}

// A contact's avatar: its profile photo's thumbnail when it has one the viewer may see, else its initials.
function avatar(chat, online) {
  const span = el('span', { class: `avatar${online ? ' online' : ''}`, 'aria-hidden': 'true',
    'data-testid': 'avatar' }, initials(chat.title));
  const photo = chat.kind === 'direct' ? state.users.get(chat.id)?.profilePhoto : null;
  if (photo) {
    const img = el('img', { alt: '', 'data-testid': 'avatar-photo', 'data-media-id': photo });
    mediaUrl(photo, true).then((url) => { img.src = url; }).catch(() => {
      img.remove();
      retryPhoto(photo);
    });
    span.append(img);
  }
  return span;
}

// A photo that could not be fetched yet (the profile frame can arrive before media-service has learnt that the
// media is now a profile photo) is tried again a few times, a little later each time.
const photoRetries = new Map();
function retryPhoto(photo) {
  const tries = photoRetries.get(photo) ?? 0;
  if (tries >= 5) return;
  photoRetries.set(photo, tries + 1);
  setTimeout(render, 1000 * (tries + 1));
}

function onProfile(frame) {
  const user = state.users.get(frame.user) ?? {};
  state.users.set(frame.user, { ...user, userId: frame.user, displayName: frame.displayName ?? user.displayName,
    about: frame.about, profilePhoto: frame.profilePhoto });
  const chat = state.chats.get(`u:${frame.user}`);
  if (chat && frame.displayName) chat.title = frame.displayName;
  render();
}

const REFUSED = { react: 'Your reaction was not saved', edit: 'The message was not edited',
  delete: 'The message was not deleted' };

function onError(frame) {
  const action = frame.ref && state.actions.get(frame.ref);
  if (action) {
    state.actions.delete(frame.ref);
    if (frame.code !== 'rate_limited') flashError(`${REFUSED[action]}: ${frame.message || frame.code}`);
    return;
  }
  const key = frame.ref && state.byMessage.get(frame.ref);
  const message = key && state.chats.get(key)?.messages.get(frame.ref);
  if (!message || !message.mine || frame.code === 'rate_limited') return;
  message.status = 'failed';
  if (state.openKey === key) $('composer-error').textContent = `Not sent: ${frame.message || frame.code}`;
  render();
}

/** Read receipts for what the open chat shows, while the page is visible. */
function markRead() {
  const chat = state.openKey && state.chats.get(state.openKey);
  if (!chat || document.visibilityState !== 'visible' || !chat.unread.size) return;
  client.receipt('read', [...chat.unread]);
  chat.unread.clear();
}

async function loadHistory(chat, older) {
  if (!chat.conversationId || state.loadingHistory || (older && chat.historyDone)) return;
  state.loadingHistory = true;
  let failed = false;
  try {
    const before = older && chat.oldestSeq ? `&beforeSeq=${chat.oldestSeq}` : '';
    const { messages } = await client.request('GET',
      `/api/conversations/${encodeURIComponent(chat.conversationId)}/messages?limit=${HISTORY_PAGE}${before}`);
    for (const frame of messages) addMessage(chat, fromFrame(frame));
    const seqs = [...chat.messages.values()].map((m) => m.seq).filter((s) => s != null);
    chat.oldestSeq = seqs.length ? Math.min(...seqs) : null;
    chat.historyLoaded = true;
    if (messages.length < HISTORY_PAGE) chat.historyDone = true;
    claimUnread(chat);
  } catch (e) {
    failed = true;
    console.warn('History failed', e);
  } finally {
    state.loadingHistory = false;
  }
  render({ keepScroll: older });
  // Nothing to scroll yet: the next older page comes without a scroll.
  const box = $('messages');
  if (!failed && state.openKey === chat.key && !chat.historyDone && box.scrollHeight <= box.clientHeight) loadHistory(chat, true);
}

// ---------- rendering ----------

function render({ keepScroll = false } = {}) {
  renderChatList();
  renderConversation(keepScroll);
}

function renderChatList() {
  const list = $('chat-list');
  const chats = [...state.chats.values()].filter((c) => !c.left || c.key === state.openKey)
    .sort((a, b) => (b.lastAt || 0) - (a.lastAt || 0));
  $('empty-chats').hidden = chats.length > 0;
  const focused = document.activeElement?.dataset?.chatKey;
  list.replaceChildren(...chats.map((chat) => {
    const li = document.createElement('li');
    const button = el('button', { class: 'chat-item', type: 'button', 'data-testid': 'chat-item', 'data-chat-key': chat.key,
      'data-title': chat.title, 'aria-current': String(chat.key === state.openKey) });
    const online = chat.kind === 'direct' && client.state === 'open' && state.presence.get(chat.id)?.online;
    const typing = activeTyping(chat.key);
    const unread = unreadCount(chat);
    button.append(
      avatar(chat, online),
      el('span', { class: 'chat-title' }, chat.title || '…'),
      el('time', { class: 'chat-time' }, chat.lastAt ? shortTime(new Date(chat.lastAt)) : ''),
      el('span', { class: `chat-preview${typing ? ' typing' : ''}`, 'data-testid': 'chat-preview' },
        typing ? typingText(chat, typing) : chat.lastText || ''),
      unread ? el('span', { class: 'unread-badge', 'data-testid': 'unread-count' }, String(unread)) : el('span'));
    button.setAttribute('aria-label', [chat.title, online ? 'online' : '', unread ? `${unread} unread` : '',
      chat.lastText].filter(Boolean).join(', '));
    button.addEventListener('click', () => openChat(chat.key));
    li.append(button);
    return li;
  }));
  if (focused) list.querySelector(`[data-chat-key="${CSS.escape(focused)}"]`)?.focus();
}

function renderConversation(keepScroll) {
  const chat = state.openKey && state.chats.get(state.openKey);
  $('chat-screen').classList.toggle('show-conversation', !!chat);
  $('no-chat').hidden = !!chat;
  $('chat-view').hidden = !chat;
  if (!chat) return;
  $('conversation-title').textContent = chat.title || '…';
  const typing = activeTyping(chat.key);
  $('peer-status').textContent = typing ? typingText(chat, typing)
    : chat.kind === 'direct' ? (client.state === 'open' ? presenceLine(chat.id) : '')
      : chat.members.map((m) => nameOf(m.userId)).join(', ');
  $('group-info-button').hidden = chat.kind !== 'group';
  const blocked = chat.kind === 'direct' && state.blocked.has(chat.id);
  $('block-button').hidden = chat.kind !== 'direct' || chat.id === state.me;
  $('block-button').setAttribute('aria-label', blocked ? 'Unblock contact' : 'Block contact');
  $('block-button').title = blocked ? 'Unblock contact' : 'Block contact';
  $('block-button').setAttribute('aria-pressed', String(blocked));
  $('blocked-notice').hidden = !blocked;
  $('blocked-text').textContent = blocked ? `You blocked ${chat.title || 'this contact'}.` : '';
  renderReplyBar(chat);
  $('timer-button').disabled = !chat.conversationId;
  $('timer-button').title = chat.conversationId ? 'Disappearing messages' : 'Send a first message to set a timer';
  $('timer-notice').hidden = !chat.disappearingSeconds;
  $('timer-notice').textContent = chat.disappearingSeconds
    ? `Disappearing messages are on: ${durationLabel(chat.disappearingSeconds)}.` : '';
  const composerOff = !!chat.left || blocked;
  $('message-input').disabled = composerOff;
  $('message-input').placeholder = chat.left ? 'You are not a member of this group'
    : blocked ? 'You blocked this contact: unblock to send a message' : 'Type a message';
  $('composer').hidden = blocked;

  const box = $('messages');
  const fromBottom = box.scrollHeight - box.scrollTop - box.clientHeight;
  const items = [...chat.messages.values()].map((m) => ({ at: m.sentAt, seq: m.seq ?? Infinity, message: m }))
    .concat(chat.notices.map((n) => ({ at: n.at, seq: Infinity, notice: n })))
    .sort((a, b) => (a.message && b.message && a.message.seq != null && b.message.seq != null
      ? a.message.seq - b.message.seq : a.at - b.at));
  const nodes = [];
  let lastDay = null;
  for (const item of items) {
    const day = new Date(item.at).toDateString();
    if (day !== lastDay) {
      nodes.push(el('div', { class: 'day-separator', role: 'separator', 'data-testid': 'day-separator' }, dayLabel(new Date(item.at))));
      lastDay = day;
    }
    nodes.push(item.notice ? el('div', { class: 'notice', 'data-testid': 'notice' }, item.notice.text)
      : messageNode(chat, item.message));
  }
  box.replaceChildren(...nodes);
  if (keepScroll) box.scrollTop = box.scrollHeight - box.clientHeight - fromBottom;
  else if (fromBottom < 80 || state.scrollToEnd) box.scrollTop = box.scrollHeight;
  state.scrollToEnd = false;
}

function messageNode(chat, m) {
  const node = el('div', { class: `message ${m.mine ? 'mine' : 'theirs'}`, 'data-testid': 'message',
    'data-message-id': m.id, 'data-status': m.status ?? '' });
  if (chat.kind === 'group' && !m.mine) node.append(el('div', { class: 'sender' }, nameOf(m.from)));
  if (canAct(m)) {
    const menu = el('button', { type: 'button', class: 'menu-button', 'data-testid': 'message-menu',
      'aria-label': 'Message options', title: 'Message options', 'aria-haspopup': 'dialog' }, icon('chevron'));
    menu.addEventListener('click', () => openMessageMenu(chat, m));
    node.classList.add('has-menu');
    node.append(menu);
  }
  if (m.replyTo && !m.deleted) node.append(quoteNode(chat, m.replyTo));
  if (m.deleted) {
    node.classList.add('deleted');
    node.append(el('div', { class: 'text deleted-text', 'data-testid': 'deleted-marker' }, icon('ban'),
      m.deletedBy === state.me ? 'You deleted this message' : 'This message was deleted'));
  } else if (m.body.image) {
    const img = el('img', { alt: m.body.image.caption ? `Image: ${m.body.image.caption}` : 'Image', 'data-testid': 'thumbnail' });
    const button = el('button', { type: 'button', class: 'image-thumb', 'data-testid': 'message-image',
      'aria-label': 'Open image full size' }, img);
    button.addEventListener('click', () => openImage(m.body.image.mediaId));
    mediaUrl(m.body.image.mediaId, true).then((url) => { img.src = url; }).catch(() => { img.alt = 'Image unavailable'; });
    node.append(button);
    if (m.body.image.caption) node.append(el('div', { class: 'text', 'data-testid': 'message-text' }, m.body.image.caption));
  } else {
    node.append(el('div', { class: 'text', 'data-testid': 'message-text' }, m.body.text ?? ''));
  }
  const meta = el('div', { class: 'meta' });
  if (m.expiresAt) {
    meta.append(el('span', { class: 'timer', 'data-testid': 'disappearing-marker', role: 'img',
      'aria-label': 'Disappearing message', title: `Disappears ${new Date(m.expiresAt).toLocaleString()}` }, icon('timer')));
  }
  if (m.editedAt) {
    meta.append(el('span', { class: 'edited', 'data-testid': 'edited-marker',
      title: `Edited ${new Date(m.editedAt).toLocaleString()}` }, 'Edited'));
  }
  meta.append(el('time', { datetime: new Date(m.sentAt).toISOString() }, timeOf(new Date(m.sentAt))));
  if (m.mine && !m.deleted) {
    const status = m.status ?? 'pending';
    meta.append(el('span', { class: 'ticks', 'data-testid': 'ticks', 'data-status': status, role: 'img',
      'aria-label': { pending: 'Waiting to send', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not sent' }[status] },
    icon(status === 'pending' ? 'clock' : status === 'failed' ? 'failed' : status === 'sent' ? 'tick' : 'ticks')));
  }
  node.append(meta);
  if (m.reactions?.size) node.append(reactionsNode(m));
  return node;
}

/** The quote in a reply's bubble; a click shows the quoted message when it is loaded. */
function quoteNode(chat, replyTo) {
  const available = typeof replyTo.preview === 'string';
  const quote = el('button', { type: 'button', class: 'quote', 'data-testid': 'quote', 'data-reply-to': replyTo.id,
    'aria-label': `Reply to ${replyTo.from === state.me ? 'you' : nameOf(replyTo.from)}. Show the message` },
  el('span', { class: 'quote-from' }, replyTo.from === state.me ? 'You' : nameOf(replyTo.from)),
  el('span', { class: `quote-text${available ? '' : ' unavailable'}`, 'data-testid': 'quote-text' },
    available ? replyTo.preview : 'This message is no longer available'));
  quote.addEventListener('click', () => showQuoted(chat, replyTo.id));
  return quote;
}

function showQuoted(chat, id) {
  const target = [...$('messages').querySelectorAll('[data-message-id]')].find((n) => n.dataset.messageId === id);
  if (!target) {
    flashError(chat.historyDone ? 'That message is no longer available.' : 'Scroll up to load older messages first.');
    return;
  }
  target.scrollIntoView({ block: 'center' });
  target.classList.add('highlight');
  setTimeout(() => target.classList.remove('highlight'), 1500);
}

function renderReplyBar(chat) {
  const replying = state.replyTo?.key === chat.key && chat.messages.get(state.replyTo.id);
  $('reply-bar').hidden = !replying;
  if (!replying) return;
  $('reply-bar-from').textContent = replying.mine ? 'You' : nameOf(replying.from);
  $('reply-bar-text').textContent = quotePreview(replying) ?? '';
}

/** The reactions under a bubble, one chip per emoji with its count; a chip toggles one's own reaction to it. */
function reactionsNode(m) {
  const byEmoji = new Map();
  for (const [from, emoji] of m.reactions) byEmoji.set(emoji, [...(byEmoji.get(emoji) ?? []), from]);
  const row = el('div', { class: 'reactions', 'data-testid': 'reactions' });
  for (const [emoji, from] of byEmoji) {
    const mine = from.includes(state.me);
    const names = from.map(nameOf).join(', ');
    const chip = el('button', { type: 'button', class: `reaction${mine ? ' mine' : ''}`, 'data-testid': 'reaction',
      'data-emoji': emoji, 'data-count': String(from.length), 'aria-pressed': String(mine), title: names,
      'aria-label': `${emoji} ${from.length}: ${names}${mine ? '. Remove yours' : ''}` }, `${emoji} ${from.length}`);
    chip.addEventListener('click', () => react(m, emoji));
    row.append(chip);
  }
  return row;
}

function react(m, emoji) {
  act('react', client.react(m.id, m.reactions?.get(state.me) === emoji ? '' : emoji));
}

// ---------- the message menu: react, edit, delete for everyone, message info ----------

let menuMessage = null;

function openMessageMenu(chat, m) {
  menuMessage = { chat, m };
  const mineNow = m.reactions?.get(state.me);
  $('reaction-picker').replaceChildren(...REACTIONS.map((emoji) => {
    const button = el('button', { type: 'button', class: `pick${mineNow === emoji ? ' mine' : ''}`, 'data-emoji': emoji,
      'aria-pressed': String(mineNow === emoji), 'aria-label': mineNow === emoji ? `Remove ${emoji}` : `React ${emoji}` }, emoji);
    button.addEventListener('click', () => {
      $('message-menu').close();
      react(m, emoji);
    });
    return button;
  }));
  $('menu-reply').hidden = !!chat.left || (chat.kind === 'direct' && state.blocked.has(chat.id));
  $('menu-edit').hidden = !canEdit(m);
  $('menu-delete').hidden = !canDelete(chat, m);
  $('menu-info').hidden = !m.mine;
  $('message-menu').showModal();
}

function bindMessageMenu() {
  $('menu-reply').addEventListener('click', () => {
    $('message-menu').close();
    state.replyTo = { key: menuMessage.chat.key, id: menuMessage.m.id };
    render();
    $('message-input').focus();
  });
  $('reply-cancel').addEventListener('click', () => {
    state.replyTo = null;
    render();
    $('message-input').focus();
  });
  $('menu-edit').addEventListener('click', () => {
    $('message-menu').close();
    $('edit-error').textContent = '';
    $('edit-input').value = menuMessage.m.body.text ?? '';
    $('edit-dialog').showModal();
  });
  $('edit-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const { m } = menuMessage;
    const text = $('edit-input').value.trim();
    if (!text) {
      $('edit-error').textContent = 'A message cannot be empty.';
      return;
    }
    if (!canEdit(m)) {
      $('edit-error').textContent = m.deleted ? 'This message was deleted.'
        : 'A message can only be edited within 15 minutes of sending it.';
      return;
    }
    $('edit-dialog').close();
    if (text !== m.body.text) act('edit', client.edit(m.id, text));
  });
  $('edit-input').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      $('edit-form').requestSubmit();
    }
  });
  $('menu-delete').addEventListener('click', () => {
    $('message-menu').close();
    $('delete-dialog').showModal();
  });
  $('delete-confirm').addEventListener('click', () => {
    $('delete-dialog').close();
    act('delete', client.remove(menuMessage.m.id));
  });
  $('menu-info').addEventListener('click', () => {
    $('message-menu').close();
    showMessageInfo(menuMessage.chat, menuMessage.m);
  });
}

/** Message info: when each recipient got and read one of my messages. */
async function showMessageInfo(chat, m) {
  $('info-error').textContent = '';
  $('info-list').replaceChildren();
  $('info-dialog').showModal();
  try {
    const { receipts } = await client.request('GET', `/api/conversations/${encodeURIComponent(chat.conversationId)}`
      + `/messages/${encodeURIComponent(m.id)}/receipts`);
    // Names not known yet are fetched first: the dialog is not drawn again when they come.
    for (const r of receipts) nameOf(r.userId);
    await Promise.allSettled(receipts.map((r) => state.userRequests.get(r.userId)));
    const when = (at) => `${dayLabel(new Date(at))} ${timeOf(new Date(at))}`;
    $('info-list').replaceChildren(...receipts.map((r) => el('li', { 'data-testid': 'info-row', 'data-user-id': r.userId,
      'data-status': r.readAt ? 'read' : r.deliveredAt ? 'delivered' : 'sent' },
    el('span', { class: 'info-name' }, nameOf(r.userId)),
    el('span', { class: 'info-times' }, el('span', {}, r.readAt ? `Read ${when(r.readAt)}` : 'Not read yet'),
      el('span', {}, r.deliveredAt ? `Delivered ${when(r.deliveredAt)}` : 'Not delivered yet')))));
  } catch (e) {
    $('info-error').textContent = `Message info could not be loaded: ${e.message}`;
  }
}

const ICONS = {
  tick: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
  ticks: 'M18 7l-1.4-1.4-6.3 6.3 1.4 1.4zm4.2-1.4L11.7 16.2 7.5 12l-1.4 1.4 5.6 5.6 12-12zM.4 13.4 6 19l1.4-1.4L1.8 12z',
  clock: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm.5-13H11v6l5.2 3.2.8-1.3-4.5-2.7z',
  timer: 'M15 1H9v2h6zm-4 13h2V8h-2zm8-6.6 1.4-1.4c-.4-.5-.9-1-1.4-1.4L17.6 6A9 9 0 1 0 19 7.4zM12 20a7 7 0 1 1 0-14 7 7 0 0 1 0 14z',
  failed: 'M11 15h2v2h-2zm0-8h2v6h-2zm1-5a10 10 0 1 0 0 20 10 10 0 0 0 0-20z',
  chevron: 'M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z',
  ban: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zM4 12a8 8 0 0 1 12.9-6.3L5.7 16.9A7.9 7.9 0 0 1 4 12zm8 8a7.9 7.9 0 0 1-4.9-1.7L18.3 7.1A8 8 0 0 1 12 20z',
};

function icon(name) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) if (v != null) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function activeTyping(key) {
  const t = state.typing.get(key);
  return t && t.until > Date.now() ? t : null;
}

function typingText(chat, typing) {
  return chat.kind === 'group' ? `${nameOf(typing.from)} is typing…` : 'typing…';
}

function initials(name) {
  return (name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';
}

function timeOf(date) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function dayLabel(date) {
  const today = new Date();
  const yesterday = new Date(Date.now() - 86400000);
  if (date.toDateString() === today.toDateString()) return 'Today';
  if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return date.toLocaleDateString([], { day: 'numeric', month: 'long', year: 'numeric' });
}

function shortTime(date) {
  return date.toDateString() === new Date().toDateString() ? timeOf(date) : date.toLocaleDateString();
}

function durationLabel(seconds) {
  return TIMER_OPTIONS.find(([s]) => s === seconds)?.[1] ?? `${seconds} seconds`;
}

function mediaUrl(mediaId, thumbnail) {
  const key = `${thumbnail ? 'thumb' : 'full'}:${mediaId}`;
  if (!state.media.has(key)) {
    const loading = client.mediaBlob(mediaId, { thumbnail }).then((blob) => URL.createObjectURL(blob));
    loading.catch(() => state.media.delete(key));
    state.media.set(key, loading);
  }
  return state.media.get(key);
}

async function openImage(mediaId) {
  const viewer = $('image-viewer');
  $('full-image').removeAttribute('src');
  viewer.showModal();
  try {
    $('full-image').src = await mediaUrl(mediaId, false);
  } catch {
    $('full-image').alt = 'The image could not be loaded';
  }
}

// ---------- actions ----------

function openChat(key) {
  if (state.replyTo?.key !== key) state.replyTo = null;
  state.openKey = key;
  state.scrollToEnd = true;
  $('composer-error').textContent = '';
  const chat = state.chats.get(key);
  render();
  markRead();
  if (chat && !chat.historyLoaded) loadHistory(chat, false);
  renderChatList();
  $('message-input').focus();
}

function sendMessage(body) {
  const chat = state.chats.get(state.openKey);
  if (!chat) return;
  const quoted = state.replyTo?.key === chat.key ? chat.messages.get(state.replyTo.id) : null;
  state.replyTo = null;
  const id = client.send(recipientOf(chat), body, quoted ? { replyTo: quoted.id } : {});
  state.byMessage.set(id, chat.key);
  addMessage(chat, { id, conversationId: chat.conversationId, from: state.me, seq: null, sentAt: Date.now(), body,
    expiresAt: null, mine: true, status: 'pending',
    replyTo: quoted ? { id: quoted.id, from: quoted.from, preview: quotePreview(quoted) } : null });
  state.scrollToEnd = true;
  render();
}

let typingSentAt = 0;
let typingPause = null;
function typingChanged() {
  const chat = state.chats.get(state.openKey);
  if (!chat) return;
  if (Date.now() - typingSentAt > 3000) {
    client.typing(recipientOf(chat), 'composing');
    typingSentAt = Date.now();
  }
  clearTimeout(typingPause);
  typingPause = setTimeout(() => stopTyping(chat), 4000);
}

function stopTyping(chat) {
  clearTimeout(typingPause);
  if (typingSentAt && chat) client.typing(recipientOf(chat), 'paused');
  typingSentAt = 0;
}

async function findUser(phone) {
  const normalized = phone.replace(/[\s()-]/g, '');
  try {
    const user = await client.request('GET', `/api/users?phone=${encodeURIComponent(normalized)}`);
    state.users.set(user.userId, user);
    return user;
  } catch (e) {
    if (e instanceof CourierApiError && (e.status === 404 || e.status === 400)) {
      throw new Error(`No Courier user has the number ${normalized}.`);
    }
    throw e;
  }
}

function renderGroupInfo() {
  const chat = state.chats.get(state.openKey);
  if (!chat || chat.kind !== 'group') return;
  const admin = chat.members.some((m) => m.userId === state.me && m.role === 'admin');
  $('add-member-form').hidden = !admin;
  $('group-members-list').replaceChildren(...chat.members.map((m) => {
    const li = el('li', { 'data-testid': 'group-member', 'data-user-id': m.userId },
      el('span', {}, nameOf(m.userId)), el('span', { class: 'role' }, m.role));
    if (admin && m.userId !== state.me) {
      const remove = el('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${nameOf(m.userId)}` }, 'Remove');
      remove.addEventListener('click', () => groupChange(chat,
        () => client.request('DELETE', `/api/groups/${encodeURIComponent(chat.id)}/members/${encodeURIComponent(m.userId)}`)));
      li.append(remove);
    }
    return li;
  }));
}

async function groupChange(chat, change) {
  $('group-info-error').textContent = '';
  try {
    await change();
    await loadGroup(chat.id);
    renderGroupInfo();
  } catch (e) {
    $('group-info-error').textContent = e.message;
  }
}

/** Blocks or unblocks the peer of a direct chat; answers whether the server took it. */
async function setBlocked(chat, block) {
  if (!chat) return false;
  try {
    if (block) await client.block(chat.id);
    else await client.unblock(chat.id);
    if (block) state.blocked.add(chat.id);
    else state.blocked.delete(chat.id);
    if (block && state.replyTo?.key === chat.key) state.replyTo = null;
    render();
    return true;
  } catch (e) {
    if (block) $('block-error').textContent = `Could not block: ${e.message}`;
    else flashError(`Could not unblock: ${e.message}`);
    return false;
  }
}

async function loadBlocked() {
  try {
    state.blocked = new Set(await client.blocked());
    render();
  } catch (e) {
    console.warn('Block list failed', e);
  }
}

function renderConnection(connection) {
  document.body.dataset.connection = connection;
  const banner = $('connection-banner');
  banner.hidden = connection === 'open' || !state.me;
  banner.textContent = connection === 'connecting' ? 'Connecting…' : 'You are offline. Reconnecting…';
}

// ---------- wiring ----------

function bindForms() {
  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    await authenticate(() => client.login($('login-phone').value.trim(), $('login-password').value,
      sessionStorage.getItem('courier.device')));
  });
  $('register-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const phone = $('register-phone').value.trim();
    const password = $('register-password').value;
    await authenticate(async () => {
      await client.register(phone, password, $('register-name').value.trim());
      await client.login(phone, password, sessionStorage.getItem('courier.device'));
    });
  });
  $('logout-button').addEventListener('click', () => client.logout().catch(() => {}));

  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('message-input').value.trim();
    if (!text) return;
    $('message-input').value = '';
    stopTyping(state.chats.get(state.openKey));
    sendMessage({ text });
  });
  $('message-input').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      $('composer').requestSubmit();
    }
  });
  $('message-input').addEventListener('input', typingChanged);
  $('back-button').addEventListener('click', () => {
    state.openKey = null;
    render();
    $('chat-list').querySelector('button')?.focus();
  });
  $('messages').addEventListener('scroll', () => {
    const chat = state.chats.get(state.openKey);
    if (chat && $('messages').scrollTop < 40 && chat.historyLoaded) loadHistory(chat, true);
  });

  for (const dialog of document.querySelectorAll('dialog')) {
    dialog.addEventListener('click', (event) => {
      if (event.target.closest('[data-close]')) dialog.close();
    });
  }

  $('new-chat-button').addEventListener('click', () => {
    $('new-chat-error').textContent = '';
    $('new-chat-phone').value = '';
    $('new-chat-dialog').showModal();
  });
  $('new-chat-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const user = await findUser($('new-chat-phone').value);
      if (user.userId === state.me) throw new Error('That is your own number.');
      const chat = chatFor(`u:${user.userId}`);
      chat.title = user.displayName;
      if (!chat.lastAt) chat.lastAt = Date.now();
      saveChats();
      $('new-chat-dialog').close();
      openChat(chat.key);
    } catch (e) {
      $('new-chat-error').textContent = e.message;
    }
  });

  $('new-group-button').addEventListener('click', () => {
    $('new-group-error').textContent = '';
    $('new-group-dialog').showModal();
  });
  $('new-group-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const phones = $('group-members').value.split(/[\n,;]+/).map((p) => p.trim()).filter(Boolean);
      const members = [];
      for (const phone of phones) members.push((await findUser(phone)).userId);
      const group = await client.request('POST', '/api/groups', { name: $('group-name').value.trim(), members });
      applyGroup(group);
      const chat = state.chats.get(`g:${group.groupId}`);
      chat.lastAt = Date.now();
      saveChats();
      $('new-group-dialog').close();
      $('group-name').value = '';
      $('group-members').value = '';
      openChat(chat.key);
    } catch (e) {
      $('new-group-error').textContent = e.message;
    }
  });

  $('group-info-button').addEventListener('click', () => {
    $('group-info-error').textContent = '';
    renderGroupInfo();
    $('group-info-dialog').showModal();
    const chat = state.chats.get(state.openKey);
    if (chat) loadGroup(chat.id).then(renderGroupInfo);
  });
  $('block-button').addEventListener('click', () => {
    const chat = state.chats.get(state.openKey);
    if (!chat || chat.kind !== 'direct') return;
    if (state.blocked.has(chat.id)) {
      setBlocked(chat, false);
      return;
    }
    $('block-error').textContent = '';
    $('block-heading').textContent = `Block ${chat.title || 'this contact'}?`;
    $('block-dialog').showModal();
  });
  $('block-confirm').addEventListener('click', async () => {
    const chat = state.chats.get(state.openKey);
    if (await setBlocked(chat, true)) $('block-dialog').close();
  });
  $('unblock-button').addEventListener('click', () => setBlocked(state.chats.get(state.openKey), false));
  $('add-member-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const chat = state.chats.get(state.openKey);
    await groupChange(chat, async () => {
      const user = await findUser($('add-member-phone').value);
      await client.request('POST', `/api/groups/${encodeURIComponent(chat.id)}/members`, { userId: user.userId });
      $('add-member-phone').value = '';
    });
  });
  $('leave-group-button').addEventListener('click', async () => {
    const chat = state.chats.get(state.openKey);
    await groupChange(chat, () => client.request('DELETE',
      `/api/groups/${encodeURIComponent(chat.id)}/members/${encodeURIComponent(state.me)}`));
    $('group-info-dialog').close();
    render();
  });

  $('timer-button').addEventListener('click', () => {
    const chat = state.chats.get(state.openKey);
    if (!chat?.conversationId) return;
    $('timer-error').textContent = '';
    $('timer-options').replaceChildren(el('legend', { class: 'visually-hidden' }, 'Timer'),
      ...TIMER_OPTIONS.map(([seconds, label]) => {
        const input = el('input', { type: 'radio', name: 'timer', value: String(seconds), id: `timer-${seconds}` });
        input.checked = seconds === (chat.disappearingSeconds ?? 0);
        return el('label', { for: `timer-${seconds}` }, input, label);
      }));
    $('timer-dialog').showModal();
  });
  $('timer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const chat = state.chats.get(state.openKey);
    const seconds = Number(new FormData($('timer-form')).get('timer') ?? 0);
    try {
      await client.request('PUT', `/api/conversations/${encodeURIComponent(chat.conversationId)}/disappearing`, { seconds });
      applyTimer(chat, seconds, state.me);
      $('timer-dialog').close();
      render();
    } catch (e) {
      $('timer-error').textContent = e.message;
    }
  });

  $('profile-button').addEventListener('click', async () => {
    $('profile-form').reset();
    $('profile-error').textContent = '';
    $('profile-photo-preview').hidden = true;
    $('profile-dialog').showModal();
    try {
      const me = await client.request('GET', '/api/me');
      $('profile-name').value = me.displayName ?? '';
      $('profile-about').value = me.about ?? '';
      if (me.profilePhoto) {
        $('profile-photo-preview').src = await mediaUrl(me.profilePhoto, true);
        $('profile-photo-preview').hidden = false;
      }
    } catch (e) {
      $('profile-error').textContent = `Your profile could not be loaded: ${e.message}`;
    }
  });
  $('profile-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('profile-error').textContent = '';
    const change = { displayName: $('profile-name').value.trim(), about: $('profile-about').value.trim() || null };
    try {
      const file = $('profile-photo-input').files[0];
      if ($('profile-photo-remove').checked) change.profilePhoto = null;
      else if (file) change.profilePhoto = (await client.uploadMedia(file)).mediaId;
      const me = await client.request('PATCH', '/api/me', change);
      $('me-name').textContent = me.displayName;
      $('profile-dialog').close();
    } catch (e) {
      $('profile-error').textContent = e instanceof CourierApiError && e.status === 415
        ? 'That file is not an image Courier can use.' : `Your profile could not be saved: ${e.message}`;
    }
  });

  $('attach-input').addEventListener('change', () => {
    const file = $('attach-input').files[0];
    if (!file) return;
    $('image-preview').src = URL.createObjectURL(file);
    $('image-caption').value = '';
    $('image-preview-dialog').showModal();
  });
  $('image-preview-dialog').addEventListener('close', () => {
    URL.revokeObjectURL($('image-preview').src);
    $('attach-input').value = '';
  });
  $('image-preview-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('attach-input').files[0];
    const caption = $('image-caption').value.trim();
    $('image-preview-dialog').close();
    if (!file) return;
    $('composer-error').textContent = '';
    try {
      const media = await client.uploadMedia(file);
      sendMessage({ image: caption ? { mediaId: media.mediaId, caption } : { mediaId: media.mediaId } });
    } catch (e) {
      $('composer-error').textContent = e instanceof CourierApiError && e.status === 415
        ? 'That file is not an image Courier can send.' : `The image could not be sent: ${e.message}`;
    }
  });

  document.addEventListener('visibilitychange', () => {
    client.presence(document.visibilityState === 'visible' ? 'foreground' : 'background');
    markRead();
  });
  window.addEventListener('online', () => client.restoreConnection());
}

async function authenticate(action) {
  $('auth-error').textContent = '';
  try {
    await action();
    start();
  } catch (e) {
    $('auth-error').textContent = e instanceof CourierApiError && e.status === 401
      ? 'Wrong phone number or password.' : e.message;
  }
}

function start() {
  state.me = client.userId;
  $('auth-screen').hidden = true;
  $('chat-screen').hidden = false;
  $('login-form').reset();
  $('register-form').reset();
  client.request('GET', `/api/users/${encodeURIComponent(state.me)}`)
    .then((u) => { $('me-name').textContent = u.displayName; }).catch(() => {});
  restoreChats();
  for (const pending of client.pending()) {
    const chat = chatFor(chatKey(pending.to));
    state.byMessage.set(pending.id, chat.key);
    addMessage(chat, { id: pending.id, conversationId: chat.conversationId, from: state.me, seq: null,
      sentAt: pending.queuedAt ?? Date.now(), body: pending.body, expiresAt: null, mine: true, status: 'pending' });
  }
  loadGroups();
  loadConversations();
  loadBlocked();
  client.connect();
  render();
  renderConnection(client.state);
}

function showAuth(message) {
  state.me = null;
  state.chats.clear();
  state.openKey = null;
  state.blocked.clear();
  state.replyTo = null;
  watched.clear();
  $('chat-screen').hidden = true;
  $('auth-screen').hidden = false;
  $('auth-error').textContent = message ?? '';
  renderConnection('offline');
}

client.on('message', onMessage);
client.on('receipt', onReceipt);
client.on('typing', onTyping);
client.on('presence', (p) => { state.presence.set(p.user, { online: p.online, lastSeen: p.lastSeen }); render(); });
client.on('expired', onExpired);
client.on('settings', onSettings);
client.on('profile', onProfile);
client.on('error', onError);
client.on('reaction', onAction);
client.on('edited', onAction);
client.on('deleted', onAction);
client.on('done', onDone);
client.on('state', (connection) => {
  renderConnection(connection);
  if (state.me) render();
  if (connection === 'open') {
    if (watched.size) client.subscribePresence([...watched]);
    loadGroups();
    markRead();
  }
});
client.on('signedout', ({ reason }) => showAuth(reason === 'logout' ? '' : 'Your session ended. Please log in again.'));

bindForms();
bindMessageMenu();
setInterval(() => {
  sweepExpired();
  for (const [key, t] of state.typing) if (t.until <= Date.now()) { state.typing.delete(key); render(); }
}, 1000);
if (client.userId) start();
else showAuth();
