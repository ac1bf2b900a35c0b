package dev.courier.lastseen.push;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 8291's worked example (section 5 and appendix A): fixed keys and salt, the body byte for byte. */
class WebPushEncryptionTest {

    private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String AS_PUBLIC =
            "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String UA_PUBLIC =
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    private static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIg"
            + "Dll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQ"
            + "exSgSxsj_Qulcy4a-fN";

    @Test
    void encryptsRfc8291sExampleToItsBody() {
        KeyPair applicationServer = new KeyPair(P256.publicKey(P256.fromBase64Url(AS_PUBLIC)),
                P256.privateKey(P256.fromBase64Url(AS_PRIVATE)));

        byte[] body = WebPushEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8),
                P256.publicKey(P256.fromBase64Url(UA_PUBLIC)), P256.fromBase64Url(AUTH_SECRET), applicationServer,
                P256.fromBase64Url(SALT));

        assertThat(P256.base64Url(body)).isEqualTo(BODY);
    }

    @Test
    void aFreshKeyPairAndSaltEveryTime() {
        ECPublicKey userAgent = P256.publicKey(P256.fromBase64Url(UA_PUBLIC));
        byte[] plaintext = PLAINTEXT.getBytes(StandardCharsets.UTF_8);

        byte[] first = WebPushEncryption.encrypt(plaintext, userAgent, P256.fromBase64Url(AUTH_SECRET));
        byte[] second = WebPushEncryption.encrypt(plaintext, userAgent, P256.fromBase64Url(AUTH_SECRET));

        assertThat(first).hasSameSizeAs(P256.fromBase64Url(BODY)).isNotEqualTo(second);
    }

    @Test
    void aPointOffTheCurveIsNoKey() {
        byte[] point = P256.fromBase64Url(UA_PUBLIC);
        point[64] ^= 1;

        assertThatThrownBy(() -> P256.publicKey(point)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256.publicKey(new byte[65])).isInstanceOf(IllegalArgumentException.class);
    }
}
