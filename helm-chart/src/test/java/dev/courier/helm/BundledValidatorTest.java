package dev.courier.helm;

import io.fabric8.kubernetes.schema.validator.ValidationReport;
import io.fabric8.kubernetes.schema.validator.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why {@link KubernetesSchema} does not use fabric8's {@link Validator} as it comes (7.5.2): it refuses integers where
 * Kubernetes takes an int-or-string, and passes a kind it has no schema for. Should a later version fix either, this
 * fails and the wrapper can shrink.
 */
class BundledValidatorTest {

    @Test
    void theBundledValidatorRejectsIntegerPortsAndPassesUnknownKinds() throws Exception {
        Validator validator = Validator.newInstance();

        ValidationReport integerPort = validator.validate("""
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec:
                  selector: {app: a}
                  ports: [{port: 80, targetPort: 8080}]
                """);
        ValidationReport unknownKind = validator.validate("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                spec: {anything: [1, 2, 3]}
                """);

        assertThat(integerPort.hasErrors()).isTrue();
        assertThat(integerPort.getMessages()).anyMatch(m -> m.getMessage().contains("/spec/ports/0/targetPort"));
        assertThat(unknownKind.hasErrors()).isFalse();
    }
}
