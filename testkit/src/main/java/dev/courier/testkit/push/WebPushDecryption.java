package dev.courier.testkit.push;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/** The user agent's side of RFC 8291 (with RFC 8188's {@code aes128gcm}, one record): what a browser does. */
final class WebPushDecryption {

    private WebPushDecryption() {
    }

    static byte[] decrypt(byte[] body, KeyPair userAgent, byte[] authSecret) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(body);
            byte[] salt = new byte[16];
            buffer.get(salt);
            buffer.getInt(); // record size: one record here
            byte[] serverPoint = new byte[buffer.get() & 0xff];
            buffer.get(serverPoint);
            byte[] ciphertext = new byte[buffer.remaining()];
            buffer.get(ciphertext);

            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(userAgent.getPrivate());
            agreement.doPhase(publicKey(serverPoint), true);
            byte[] ecdhSecret = agreement.generateSecret();
            byte[] keyInfo = concat(ascii("WebPush: info\0"), point((ECPublicKey) userAgent.getPublic()), serverPoint,
                    new byte[] {1});
            byte[] ikm = hmac(hmac(authSecret, ecdhSecret), keyInfo);
            byte[] prk = hmac(salt, ikm);
            byte[] cek = Arrays.copyOf(hmac(prk, concat(ascii("Content-Encoding: aes128gcm\0"), new byte[] {1})), 16);
            byte[] nonce = Arrays.copyOf(hmac(prk, concat(ascii("Content-Encoding: nonce\0"), new byte[] {1})), 12);

            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] padded = cipher.doFinal(ciphertext);
            int end = padded.length - 1;
            while (end >= 0 && padded[end] == 0) {
                end--;
            }
            if (end < 0 || padded[end] != 2) {
                throw new AssertionError("the last record has no 0x02 delimiter");
            }
            return Arrays.copyOf(padded, end);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("the push does not decrypt: " + e, e);
        }
    }

    static ECPublicKey publicKey(byte[] point) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                    new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, curve));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("not a P-256 point", e);
        }
    }

    static byte[] point(ECPublicKey key) {
        byte[] point = new byte[65];
        point[0] = 4;
        copy(key.getW().getAffineX(), point, 1);
        copy(key.getW().getAffineY(), point, 33);
        return point;
    }

    private static void copy(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, target, offset + 32 - length, length);
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
