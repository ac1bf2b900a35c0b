package dev.courier.contracts.frames;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A reply's quote: the preview's rule (PROTOCOL.md v1.1, "Reply") and its JSON. */
class ReplyToTest {

    @Test
    void aTextIsCutToOneHundredCodePointsNeverSplittingASurrogatePair() {
        String text = "a".repeat(99) + "😀" + "b".repeat(20);

        String preview = ReplyTo.previewOf(MessageBody.text(text));

        assertThat(preview).isEqualTo("a".repeat(99) + "😀");
        assertThat(preview.codePointCount(0, preview.length())).isEqualTo(100);
        assertThat(ReplyTo.previewOf(MessageBody.text("short"))).isEqualTo("short");
        assertThat(ReplyTo.previewOf(MessageBody.text("x".repeat(100)))).hasSize(100);
    }

    @Test
    void anImageIsAPhotoWithItsCaption() {
        assertThat(ReplyTo.previewOf(new MessageBody(null, new MessageBody.Image("m1", null)))).isEqualTo("Photo");
        assertThat(ReplyTo.previewOf(new MessageBody(null, new MessageBody.Image("m1", "")))).isEqualTo("Photo");
        assertThat(ReplyTo.previewOf(new MessageBody(null, new MessageBody.Image("m1", "the beach"))))
                .isEqualTo("Photo: the beach");
        assertThat(ReplyTo.previewOf(new MessageBody(null, new MessageBody.Image("m1", "c".repeat(200)))))
                .hasSize(100).startsWith("Photo: ccc");
    }

    @Test
    void anErasedOrSystemBodyHasNoPreviewAndTheJsonLeavesItOut() {
        assertThat(ReplyTo.previewOf(null)).isNull();
        assertThat(ReplyTo.previewOf(MessageBody.system(MessageBody.SystemEvent.disappearing(86400, "u1")))).isNull();

        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.writeValueAsString(new ReplyTo("m1", "alice", null)))
                .isEqualTo("{\"id\":\"m1\",\"from\":\"alice\"}");
        assertThat(json.writeValueAsString(new MessageFrame("m2", "c1", "bob", Recipient.user("alice"), 2, 20L,
                MessageBody.text("yes"), null, new ReplyTo("m1", "alice", "lunch?"))))
                .contains("\"replyTo\":{\"id\":\"m1\",\"from\":\"alice\",\"preview\":\"lunch?\"}");
        assertThat(json.writeValueAsString(new MessageFrame("m3", "c1", "bob", Recipient.user("alice"), 3, 30L,
                MessageBody.text("no"), null))).doesNotContain("replyTo");
    }
}
