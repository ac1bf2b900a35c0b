package dev.courier.media;

import com.adobe.testing.s3mock.S3MockApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real S3-compatible server for the tests: Adobe's S3Mock, started in this JVM on a free port once (there is no
 * Docker here), with one bucket. It is a Spring Boot application of its own on media-service's class path, so
 * media-service's auto-configurations (database, Kafka, security) and application.yml are kept out of it. Dummy
 * credentials are set as the AWS SDK's system properties, for clients built with the default chain.
 */
public final class TestS3Server {

    public static final String BUCKET = "courier-media-test";
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";

    private static final List<String> FOREIGN_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
            "dev.courier.support.kafka.CourierKafkaAutoConfiguration",
            "dev.courier.support.kafka.CourierTopicsAutoConfiguration",
            "dev.courier.support.web.CourierWebAutoConfiguration",
            "dev.courier.support.security.CourierSecurityAutoConfiguration",
            "dev.courier.support.process.ExitWithParentAutoConfiguration",
            "dev.courier.support.health.CourierHealthAutoConfiguration");

    private static S3MockApplication server;

    private TestS3Server() {
    }

    /** The server's HTTP endpoint, starting it on first use. */
    public static synchronized URI endpoint() {
        if (server == null) {
            System.setProperty("aws.accessKeyId", ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", SECRET_KEY);
            Map<String, Object> properties = new HashMap<>();
            properties.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
            properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
            properties.put(S3MockApplication.PROP_SILENT, true);
            properties.put("com.adobe.testing.s3mock.store.initial-buckets", BUCKET);
            properties.put("com.adobe.testing.s3mock.store.root", temporaryFolder());
            // Only S3Mock's own configuration file, not media-service's application.yml.
            properties.put("spring.config.location", "classpath:/application.properties");
            properties.put("spring.autoconfigure.exclude", String.join(",", FOREIGN_AUTO_CONFIGURATIONS));
            server = S3MockApplication.start(properties);
        }
        return URI.create("http://localhost:" + server.getHttpPort());
    }

    private static String temporaryFolder() {
        try {
            return Files.createTempDirectory("s3mock").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
