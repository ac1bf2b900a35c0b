package dev.courier.gateway.websocket;

import org.junit.jupiter.api.Test;

import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptAcksTest {

    @Test
    void aReceiptAcknowledgesItsMessageIdsWhateverTheOrderOfItsFields() {
        assertThat(ReceiptAcks.messageIds("{\"type\":\"receipt\",\"status\":\"read\",\"messageIds\":[\"a\",\"b\"]}"))
                .containsExactly("a", "b");
        assertThat(ReceiptAcks.messageIds(" { \"messageIds\" : [ \"c\" ], \"extra\":{\"x\":[1,{}]}, "
                + "\"type\" : \"receipt\" } ")).containsExactly("c");
    }

    @Test
    void anythingElseAcknowledgesNothing() {
        assertThat(ReceiptAcks.messageIds("{\"type\":\"send\",\"messageIds\":[\"a\"],\"body\":{\"text\":\"receipt\"}}"))
                .isEmpty();
        assertThat(ReceiptAcks.messageIds("{\"type\":\"receipt\",\"messageIds\":\"a\"}")).isEmpty();
        assertThat(ReceiptAcks.messageIds("{\"type\":\"receipt\",\"messageIds\":[\"a\"")).isEmpty();
        assertThat(ReceiptAcks.messageIds("[\"receipt\",\"messageIds\"]")).isEmpty();
        assertThat(ReceiptAcks.messageIds("{\"type\":\"ping\"}")).isEmpty();
    }

    @Test
    void onlyStringIdsCountAndNoMoreThanAReceiptMayName() {
        assertThat(ReceiptAcks.messageIds("{\"type\":\"receipt\",\"messageIds\":[1,\"a\",[\"b\"],{\"c\":\"d\"},\"e\"]}"))
                .containsExactly("a", "e");
        String many = "\"x\"," .repeat(300);
        assertThat(ReceiptAcks.messageIds("{\"type\":\"receipt\",\"messageIds\":[" + many + "\"y\"]}"))
                .hasSize(256).containsOnly("x");
        assertThat(Collections.frequency(ReceiptAcks.messageIds(
                "{\"type\":\"receipt\",\"messageIds\":[\"x\",\"x\"]}"), "x")).isEqualTo(2);
    }
}
