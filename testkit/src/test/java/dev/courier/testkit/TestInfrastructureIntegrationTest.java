package dev.courier.testkit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TestInfrastructureIntegrationTest {

    @Test
    void givesARealPostgresAndARealKafka() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.shared();

        try (var connection = DriverManager.getConnection(infrastructure.jdbcUrl("kit_check"),
                infrastructure.postgresUser(), infrastructure.postgresPassword());
             var result = connection.createStatement().executeQuery("select current_database()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("kit_check");
        }

        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("kit-check", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kit-check");
        }
    }
}
