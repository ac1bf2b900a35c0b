package dev.courier.lastseen.push;

import java.net.URI;

/**
 * One device's Web Push subscription: where to send ({@code endpoint}), the device's RFC 8291 keys ({@code p256dh},
 * the uncompressed point, and the 16-byte {@code auth} secret) and whether pushes may carry the text.
 */
record PushSubscription(String userId, String deviceId, URI endpoint, byte[] p256dh, byte[] auth, boolean preview) {

    @Override
    public String toString() {
        // The endpoint is a capability (whoever knows it can push to the device) and the keys are secrets.
        return "PushSubscription[user=" + userId + ", device=" + deviceId + ", host=" + endpoint.getHost() + "]";
    }
}
