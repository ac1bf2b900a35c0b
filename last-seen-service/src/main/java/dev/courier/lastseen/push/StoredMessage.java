package dev.courier.lastseen.push;

/** What a push tells of a message: where, which, from whom, and its text for a preview (null when it has none). */
record StoredMessage(String conversationId, String messageId, String from, String text) {
}
