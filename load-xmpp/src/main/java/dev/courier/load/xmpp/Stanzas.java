package dev.courier.load.xmpp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The client's side of XMPP over WebSocket (RFC 7395) as strings: one top-level element per frame. */
final class Stanzas {

    static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    static final String STREAMS = "http://etherx.jabber.org/streams";
    static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    static final String SM = "urn:xmpp:sm:3";
    static final String RECEIPTS = "urn:xmpp:receipts";
    static final String CLIENT = "jabber:client";
    static final String MUC = "http://jabber.org/protocol/muc";
    static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";

    private Stanzas() {
    }

    /** Opens (and, after SASL success, reopens) the stream. */
    static String open(String domain) {
        return "<open xmlns='" + FRAMING + "' to='" + escape(domain) + "' version='1.0'/>";
    }

    static String close() {
        return "<close xmlns='" + FRAMING + "'/>";
    }

    /** SASL PLAIN (RFC 4616): base64 of "\0user\0password", authorization identity empty. */
    static String authPlain(String user, String password) {
        String credentials = "\0" + user + "\0" + password;
        return "<auth xmlns='" + SASL + "' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "</auth>";
    }

    static String bind(String id, String resource) {
        return "<iq xmlns='" + CLIENT + "' type='set' id='" + escape(id) + "'><bind xmlns='" + BIND + "'><resource>"
                + escape(resource) + "</resource></bind></iq>";
    }

    static String session(String id) {
        return "<iq xmlns='" + CLIENT + "' type='set' id='" + escape(id) + "'><session xmlns='" + SESSION + "'/></iq>";
    }

    /** XEP-0198: turns stream management on (not resumable: a benchmark connection never resumes). */
    static String enable() {
        return "<enable xmlns='" + SM + "'/>";
    }

    /** XEP-0198 ack request. */
    static String ackRequest() {
        return "<r xmlns='" + SM + "'/>";
    }

    /** XEP-0198 ack: {@code handled} stanzas received since enable. */
    static String ack(long handled) {
        return "<a xmlns='" + SM + "' h='" + handled + "'/>";
    }

    /** Initial presence: available. */
    static String presence() {
        return "<presence xmlns='" + CLIENT + "'/>";
    }

    /** A chat message asking for a XEP-0184 receipt. */
    static String message(String id, String to, String body) {
        return "<message xmlns='" + CLIENT + "' type='chat' id='" + escape(id) + "' to='" + escape(to) + "'><body>"
                + escape(body) + "</body><request xmlns='" + RECEIPTS + "'/></message>";
    }

    /** XEP-0184 receipt for message {@code id}, sent back to its sender. */
    static String received(String to, String id) {
        return "<message xmlns='" + CLIENT + "' id='r-" + escape(id) + "' to='" + escape(to) + "'><received xmlns='"
                + RECEIPTS + "' id='" + escape(id) + "'/></message>";
    }

    /** XEP-0045: enters a room as {@code room/nick}, without the room's history. */
    static String joinRoom(String occupant) {
        return "<presence xmlns='" + CLIENT + "' to='" + escape(occupant) + "'><x xmlns='" + MUC
                + "'><history maxstanzas='0'/></x></presence>";
    }

    /** XEP-0045 10.1.2: the owner accepts the default configuration, which unlocks a new room ("instant room"). */
    static String instantRoom(String id, String room) {
        return "<iq xmlns='" + CLIENT + "' type='set' id='" + escape(id) + "' to='" + escape(room) + "'><query xmlns='"
                + MUC_OWNER + "'><x xmlns='jabber:x:data' type='submit'/></query></iq>";
    }

    /** A message to every occupant of {@code room}. */
    static String groupMessage(String id, String room, String body) {
        return "<message xmlns='" + CLIENT + "' type='groupchat' id='" + escape(id) + "' to='" + escape(room)
                + "'><body>" + escape(body) + "</body></message>";
    }

    /** An empty result for an iq the server asked us (e.g. a ping). */
    static String iqResult(String id, String to) {
        return "<iq xmlns='" + CLIENT + "' type='result' id='" + escape(id) + "'"
                + (to == null ? "" : " to='" + escape(to) + "'") + "/>";
    }

    /** Escapes text and attribute values (single or double quoted). */
    static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '\'' -> "&apos;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }
}
