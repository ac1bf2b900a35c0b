package dev.courier.testkit.push;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One push request as the test push service received it: its headers and encrypted body. */
public record ReceivedPush(TestPushService.Subscriber subscriber, String contentEncoding, String ttl, String urgency,
                           String authorization, byte[] body) {

    private static final Pattern VAPID = Pattern.compile("vapid t=([A-Za-z0-9_.-]+), ?k=([A-Za-z0-9_-]+)");

    /** The body decrypted as the browser would (RFC 8291 with the subscriber's private key and secret). */
    public String plaintext() {
        return new String(WebPushDecryption.decrypt(body, subscriber.keyPair(), subscriber.authSecret()),
                StandardCharsets.UTF_8);
    }

    /**
     * The claims of the {@code Authorization: vapid t=…, k=…} token (RFC 8292), after checking that {@code k} is
     * {@code serverPublicKey} and that the ES256 signature verifies with it; {@link AssertionError} otherwise.
     */
    public JWTClaimsSet vapidClaims(String serverPublicKey) {
        Matcher matcher = authorization == null ? null : VAPID.matcher(authorization);
        if (matcher == null || !matcher.matches()) {
            throw new AssertionError("not a VAPID authorization: " + authorization);
        }
        if (!matcher.group(2).equals(serverPublicKey)) {
            throw new AssertionError("k is not the server's key");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(matcher.group(1));
            var key = WebPushDecryption.publicKey(Base64.getUrlDecoder().decode(serverPublicKey));
            if (!jwt.getHeader().getAlgorithm().getName().equals("ES256") || !jwt.verify(new ECDSAVerifier(key))) {
                throw new AssertionError("the VAPID token's ES256 signature does not verify with the server's key");
            }
            return jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException e) {
            throw new AssertionError("not a VAPID token: " + e.getMessage(), e);
        }
    }
}
