package dev.courier.lastseen.push;

import dev.courier.contracts.api.PushKey;
import dev.courier.contracts.api.PushSubscriptionRequest;
import dev.courier.support.security.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;

/**
 * PROTOCOL.md v1.1 "Push to devices that are not connected": {@code GET /api/push/key} → the VAPID public key;
 * {@code PUT /api/me/push} → 204, the calling device's subscription (the token's user and device; a new one replaces
 * it), 400 for an endpoint off the allow-list ({@link PushEndpoints}) or keys that are not a P-256 point and a 16-byte
 * secret; {@code DELETE /api/me/push} → 204, also when there was none.
 */
@RestController
class PushController {

    private static final Logger log = LoggerFactory.getLogger(PushController.class);
    private static final int AUTH_SECRET_LENGTH = 16;

    private final VapidKeys keys;
    private final PushEndpoints endpoints;
    private final PushSubscriptions subscriptions;
    private final Clock clock;

    PushController(VapidKeys keys, PushEndpoints endpoints, PushSubscriptions subscriptions, Clock clock) {
        this.keys = keys;
        this.endpoints = endpoints;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    @GetMapping("/api/push/key")
    PushKey key() {
        return new PushKey(keys.publicKey());
    }

    @PutMapping("/api/me/push")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void subscribe(@RequestBody PushSubscriptionRequest request, Authentication authentication) {
        AuthenticatedUser caller = device(authentication);
        URI endpoint = endpoints.parse(request.endpoint());
        if (request.keys() == null) {
            throw new IllegalArgumentException("keys: p256dh and auth are required");
        }
        byte[] p256dh = decode("keys.p256dh", request.keys().p256dh());
        try {
            P256.publicKey(p256dh);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keys.p256dh: " + e.getMessage());
        }
        byte[] auth = decode("keys.auth", request.keys().auth());
        if (auth.length != AUTH_SECRET_LENGTH) {
            throw new IllegalArgumentException("keys.auth: a 16-byte secret, base64url");
        }
        boolean preview = Boolean.TRUE.equals(request.preview());
        subscriptions.put(new PushSubscription(caller.userId(), caller.deviceId(), endpoint, p256dh, auth, preview),
                clock.instant());
        log.info("device {} of user {} subscribed to pushes through {} (preview {})", caller.deviceId(),
                caller.userId(), endpoint.getHost(), preview);
    }

    @DeleteMapping("/api/me/push")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unsubscribe(Authentication authentication) {
        AuthenticatedUser caller = device(authentication);
        subscriptions.delete(caller.userId(), caller.deviceId());
        log.info("device {} of user {} unsubscribed from pushes", caller.deviceId(), caller.userId());
    }

    private static AuthenticatedUser device(Authentication authentication) {
        AuthenticatedUser caller = AuthenticatedUser.from(authentication);
        if (caller.deviceId() == null) {
            throw new IllegalArgumentException("the access token names no device");
        }
        return caller;
    }

    private static byte[] decode(String field, String value) {
        try {
            return P256.fromBase64Url(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": not base64url");
        }
    }
}
