package dev.courier.lastseen.push;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import java.util.Base64;

/**
 * P-256 keys in the forms Web Push writes them: a public key as the uncompressed point ({@code 0x04 || X || Y},
 * 65 bytes, SEC1), a private key as its 32-byte scalar; base64url without padding on the wire. Plain JCA.
 */
final class P256 {

    static final int POINT_LENGTH = 65;
    private static final int COORDINATE_LENGTH = 32;
    private static final ECParameterSpec CURVE = curve();

    private P256() {
    }

    /**
     * The public key of an uncompressed point; {@link IllegalArgumentException} unless it is one, on the curve. (JCA's
     * {@code KeyFactory} does not check that the point is on the curve, so this does.)
     */
    static ECPublicKey publicKey(byte[] point) {
        if (point == null || point.length != POINT_LENGTH || point[0] != 0x04) {
            throw new IllegalArgumentException("not an uncompressed P-256 point");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + COORDINATE_LENGTH));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + COORDINATE_LENGTH, POINT_LENGTH));
        if (!onCurve(x, y)) {
            throw new IllegalArgumentException("not a point on P-256");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y),
                    CURVE));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 public key", e);
        }
    }

    static ECPrivateKey privateKey(byte[] scalar) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(
                    new BigInteger(1, scalar), CURVE));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key", e);
        }
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is not available", e);
        }
    }

    static byte[] encode(ECPublicKey key) {
        byte[] point = new byte[POINT_LENGTH];
        point[0] = 0x04;
        copyCoordinate(key.getW().getAffineX(), point, 1);
        copyCoordinate(key.getW().getAffineY(), point, 1 + COORDINATE_LENGTH);
        return point;
    }

    static byte[] encode(ECPrivateKey key) {
        byte[] scalar = new byte[COORDINATE_LENGTH];
        copyCoordinate(key.getS(), scalar, 0);
        return scalar;
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Padded or not; {@link IllegalArgumentException} for anything else. */
    static byte[] fromBase64Url(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing");
        }
        return Base64.getUrlDecoder().decode(text);
    }

    private static boolean onCurve(BigInteger x, BigInteger y) {
        EllipticCurve curve = CURVE.getCurve();
        BigInteger p = ((java.security.spec.ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.modPow(BigInteger.TWO, p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }

    private static void copyCoordinate(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, COORDINATE_LENGTH);
        System.arraycopy(bytes, bytes.length - length, target, offset + COORDINATE_LENGTH - length, length);
    }

    private static ECParameterSpec curve() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is not available", e);
        }
    }
}
