package dev.courier.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartableInfrastructureIntegrationTest {

    @Test
    void bothServersComeBackOnTheirPortsWithTheirData() throws Exception {
        try (RestartableInfrastructure infrastructure = RestartableInfrastructure.start()) {
            String url = infrastructure.postgresBaseUrl() + "restart_check";
            infrastructure.createDatabase("restart_check");
            try (var connection = DriverManager.getConnection(url, infrastructure.postgresUser(),
                    infrastructure.postgresPassword())) {
                connection.createStatement().execute("create table kept (v int); insert into kept values (7)");
            }
            try (Admin admin = admin(infrastructure)) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }

            infrastructure.stopPostgres();
            infrastructure.stopKafka();
            assertThatThrownBy(() -> DriverManager.getConnection(url, infrastructure.postgresUser(),
                    infrastructure.postgresPassword())).isInstanceOf(java.sql.SQLException.class);
            infrastructure.startPostgres();
            infrastructure.startKafka();

            try (var connection = DriverManager.getConnection(url, infrastructure.postgresUser(),
                    infrastructure.postgresPassword());
                 var rows = connection.createStatement().executeQuery("select v from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
            try (Admin admin = admin(infrastructure)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
            }
        }
    }

    private static Admin admin(RestartableInfrastructure infrastructure) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()));
    }
}
