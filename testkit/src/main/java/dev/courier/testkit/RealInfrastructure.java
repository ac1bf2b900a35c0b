package dev.courier.testkit;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Implement this on a {@code @SpringBootTest} class to run it against a real PostgreSQL and a real Kafka broker:
 * the datasource ({@code spring.datasource.*}, database {@value #TEST_DATABASE}) and
 * {@code spring.kafka.bootstrap-servers} are registered before the context starts. The servers are started once per
 * JVM and shared by every test class in it (see {@link TestInfrastructure} for where they come from).
 */
public interface RealInfrastructure {

    String TEST_DATABASE = "courier_test";

    @DynamicPropertySource
    static void realInfrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        registry.add("spring.datasource.url", () -> infrastructure.jdbcUrl(TEST_DATABASE));
        registry.add("spring.datasource.username", infrastructure::postgresUser);
        registry.add("spring.datasource.password", infrastructure::postgresPassword);
        registry.add("spring.kafka.bootstrap-servers", infrastructure::kafkaBootstrapServers);
    }
}
