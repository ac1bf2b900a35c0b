package dev.courier.support.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

/**
 * REST bodies are read as strictly as the contract reads: no coercion (a string where a number belongs, {@code 86400.9}
 * for a whole number, a number or boolean where a string belongs), no key given twice, and no string with U+0000 or
 * an unpaired surrogate (PostgreSQL cannot store the first; UTF-8 cannot write the second, so it would be stored as
 * {@code ?}). Each is a 400 ProblemDetail. Applies to the JSON mapper Spring MVC and the REST clients use; Kafka
 * events have their own mapper.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer courierStrictJson() {
        return builder -> builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .withCoercionConfig(LogicalType.Textual, strings -> strings
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .nodeFactory(new StrictNodeFactory())
                .addModule(new SimpleModule("courier-strict-strings")
                        .addDeserializer(String.class, new StrictStringDeserializer()));
    }

    /** The reason a string cannot be taken, or null if it can. */
    static String problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return "must not contain U+0000";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain an unpaired surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain an unpaired surrogate";
            }
        }
        return null;
    }

    static final class StrictStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            String problem = value == null ? null : problem(value);
            if (problem != null) {
                throw InvalidFormatException.from(parser, "A string " + problem, value, String.class);
            }
            return value;
        }
    }

    /** Trees ({@code JsonNode} bodies such as a merge patch) get the same check as bound strings. */
    static final class StrictNodeFactory extends JsonNodeFactory {

        @Override
        public StringNode stringNode(String value) {
            String problem = value == null ? null : problem(value);
            if (problem != null) {
                throw new IllegalArgumentException("A string " + problem);
            }
            return super.stringNode(value);
        }
    }
}
