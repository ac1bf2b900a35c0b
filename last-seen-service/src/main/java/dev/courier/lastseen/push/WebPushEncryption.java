package dev.courier.lastseen.push;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Message encryption for Web Push, RFC 8291: ECDH between a fresh key pair of ours and the subscription's
 * {@code p256dh}, mixed with its {@code auth} secret through HKDF-SHA-256, then one {@code aes128gcm} record of
 * RFC 8188 (record size 4096, padding delimiter {@code 0x02}, our public key as the key id). Written on plain JCA
 * (no well-kept Java library does RFC 8291; HKDF is two HMACs here because every output is at most one hash long);
 * pinned by RFC 8291's own worked example ({@code WebPushEncryptionTest}).
 */
final class WebPushEncryption {

    static final int RECORD_SIZE = 4096;
    private static final int SALT_LENGTH = 16;
    private static final int TAG_LENGTH = 16;
    private static final byte[] KEY_INFO = ascii("WebPush: info\0");
    private static final byte[] CEK_INFO = ascii("Content-Encoding: aes128gcm\0");
    private static final byte[] NONCE_INFO = ascii("Content-Encoding: nonce\0");
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebPushEncryption() {
    }

    /** The body of a push request for this subscription: a fresh key pair and salt every time. */
    static byte[] encrypt(byte[] plaintext, ECPublicKey userAgentKey, byte[] authSecret) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, userAgentKey, authSecret, P256.generate(), salt);
    }

    /** The same with a given key pair and salt (RFC 8291's example fixes both). */
    static byte[] encrypt(byte[] plaintext, ECPublicKey userAgentKey, byte[] authSecret, KeyPair ours, byte[] salt) {
        if (plaintext.length + 1 + TAG_LENGTH > RECORD_SIZE) {
            throw new IllegalArgumentException("a push carries at most one record");
        }
        try {
            byte[] ourPublic = P256.encode((ECPublicKey) ours.getPublic());
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ours.getPrivate());
            agreement.doPhase(userAgentKey, true);
            byte[] ecdhSecret = agreement.generateSecret();

            // RFC 8291 section 3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0 || ua_pub || as_pub)
            byte[] prkKey = hmac(authSecret, ecdhSecret);
            byte[] ikm = hmac(prkKey, concat(KEY_INFO, P256.encode(userAgentKey), ourPublic, new byte[] {1}));
            // RFC 8188 section 2.2 and 2.3: the content encryption key and the nonce of the one record (SEQ = 0).
            byte[] prk = hmac(salt, ikm);
            byte[] cek = Arrays.copyOf(hmac(prk, concat(CEK_INFO, new byte[] {1})), 16);
            byte[] nonce = Arrays.copyOf(hmac(prk, concat(NONCE_INFO, new byte[] {1})), 12);

            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"),
                    new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            byte[] ciphertext = cipher.doFinal(concat(plaintext, new byte[] {2}));

            return ByteBuffer.allocate(SALT_LENGTH + 4 + 1 + ourPublic.length + ciphertext.length)
                    .put(salt)
                    .putInt(RECORD_SIZE)
                    .put((byte) ourPublic.length)
                    .put(ourPublic)
                    .put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot encrypt for this subscription", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
