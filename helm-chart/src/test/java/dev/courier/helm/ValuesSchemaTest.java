package dev.courier.helm;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json and the chart's own checks refuse bad values at install (helm template runs the same checks). */
class ValuesSchemaTest {

    @Test
    void aValueOfTheWrongType() {
        assertThatThrownBy(() -> Chart.render(Map.of("gateway.replicas", "two")))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("gateway").hasMessageContaining("replicas");
    }

    @Test
    void anUnknownKey() {
        assertThatThrownBy(() -> Chart.render(Map.of("gateway.replicaz", 3)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("replicaz");
    }

    @Test
    void aValueOutOfItsRange() {
        assertThatThrownBy(() -> Chart.render(Map.of("image.pullPolicy", "Sometimes")))
                .hasMessageContaining("pullPolicy");
        assertThatThrownBy(() -> Chart.render(Map.of("message.port", 70000)))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> Chart.render(Map.of("serviceDefaults.resources.limits.memory", "lots")))
                .hasMessageContaining("memory");
    }

    @Test
    void aMissingSecretReference() {
        Map<String, Object> values = new HashMap<>(Chart.REQUIRED_VALUES);
        values.remove("serviceToken.existingSecret");

        assertThatThrownBy(() -> Chart.renderExactly(values))
                .hasMessageContaining("serviceToken.existingSecret is required");
    }

    @Test
    void anAutoscalerOnTheGroupRing() {
        assertThatThrownBy(() -> Chart.render(Map.of("group.autoscaling.enabled", true)))
                .hasMessageContaining("fixed consistent-hash ring");
    }

    @Test
    void aGracePeriodShorterThanTheShutdown() {
        assertThatThrownBy(() -> Chart.render(Map.of("gateway.terminationGracePeriodSeconds", 30)))
                .hasMessageContaining("gateway.terminationGracePeriodSeconds (30) must exceed");
    }
}
