package dev.courier.load.xmpp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StanzasTest {

    @Test
    void aMessageAsksForAReceiptAndParsesBack() {
        XmlElement message = XmlElement.parse(Stanzas.message("m1-7", "bench1@localhost", "a < b & 'c'"));

        assertThat(message.is("message", Stanzas.CLIENT)).isTrue();
        assertThat(message.attribute("id")).isEqualTo("m1-7");
        assertThat(message.attribute("to")).isEqualTo("bench1@localhost");
        assertThat(message.attribute("type")).isEqualTo("chat");
        assertThat(message.child("body").text()).isEqualTo("a < b & 'c'");
        assertThat(message.child("request", Stanzas.RECEIPTS)).isNotNull();
    }

    @Test
    void aReceiptNamesTheMessageItAcknowledges() {
        XmlElement receipt = XmlElement.parse(Stanzas.received("bench0@localhost/r", "m1-7"));

        assertThat(receipt.attribute("to")).isEqualTo("bench0@localhost/r");
        assertThat(receipt.child("received", Stanzas.RECEIPTS).attribute("id")).isEqualTo("m1-7");
        assertThat(receipt.child("body")).isNull();
    }

    @Test
    void saslPlainCarriesUserAndPasswordWithoutAuthorizationIdentity() {
        XmlElement auth = XmlElement.parse(Stanzas.authPlain("bench3", "bench"));

        assertThat(auth.is("auth", Stanzas.SASL)).isTrue();
        assertThat(auth.attribute("mechanism")).isEqualTo("PLAIN");
        assertThat(new String(Base64.getDecoder().decode(auth.text()), StandardCharsets.UTF_8))
                .isEqualTo("\0bench3\0bench");
    }

    @Test
    void streamManagementElementsUseTheirNamespace() {
        assertThat(XmlElement.parse(Stanzas.enable()).is("enable", Stanzas.SM)).isTrue();
        assertThat(XmlElement.parse(Stanzas.ackRequest()).is("r", Stanzas.SM)).isTrue();
        XmlElement ack = XmlElement.parse(Stanzas.ack(42));
        assertThat(ack.is("a", Stanzas.SM)).isTrue();
        assertThat(ack.attribute("h")).isEqualTo("42");
        assertThat(XmlElement.parse(Stanzas.open("localhost")).is("open", Stanzas.FRAMING)).isTrue();
    }

    @Test
    void parsesTheServersStreamFeaturesWithPrefixedNamespaces() {
        XmlElement features = XmlElement.parse("<stream:features xmlns:stream='http://etherx.jabber.org/streams' "
                + "xmlns='jabber:client'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session><sm xmlns='urn:xmpp:sm:3'/>"
                + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism>"
                + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>");

        assertThat(features.is("features", Stanzas.STREAMS)).isTrue();
        assertThat(features.child("sm", Stanzas.SM)).isNotNull();
        assertThat(features.child("session", Stanzas.SESSION).child("optional")).isNotNull();
        assertThat(features.child("mechanisms", Stanzas.SASL).children())
                .extracting(XmlElement::text).containsExactly("SCRAM-SHA-1", "PLAIN");
    }

    @Test
    void escapesMarkupInTextAndAttributes() {
        assertThat(Stanzas.escape("plain")).isEqualTo("plain");
        assertThat(Stanzas.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
    }

    @Test
    void rejectsWhatIsNotOneElement() {
        assertThatThrownBy(() -> XmlElement.parse("<message><body>")).isInstanceOf(IllegalArgumentException.class);
    }
}
