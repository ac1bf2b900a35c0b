package dev.courier.lastseen.presence;

/**
 * What a client frame or socket event says about its user. {@link Kind#USER} activity (the user did something)
 * moves last seen even from a background device; {@link Kind#SYSTEM} activity (the app or the network did) never
 * does. {@code type} names the event for logs and the {@code courier.lastseen.activity} counter.
 */
record Activity(Kind kind, String type) {

    public enum Kind {
        USER, SYSTEM;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Activity user(String type) {
        return new Activity(Kind.USER, type);
    }

    static Activity system(String type) {
        return new Activity(Kind.SYSTEM, type);
    }

    public boolean isUser() {
        return kind == Kind.USER;
    }
}
