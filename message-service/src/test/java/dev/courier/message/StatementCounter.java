package dev.courier.message;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/**
 * Counts, per thread, the SQL statements prepared and the transactions committed through the service's DataSource:
 * how a test sees how many round trips a unit of work costs. Import it into a test's context; {@link #reset()} and
 * read on the thread that does the work.
 */
@TestConfiguration(proxyBeanMethods = false)
class StatementCounter {

    private static final ThreadLocal<int[]> COUNTS = ThreadLocal.withInitial(() -> new int[2]);

    static void reset() {
        COUNTS.set(new int[2]);
    }

    static int statements() {
        return COUNTS.get()[0];
    }

    static int commits() {
        return COUNTS.get()[1];
    }

    @Bean
    static BeanPostProcessor countingDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource dataSource ? counting(dataSource) : bean;
            }
        };
    }

    private static DataSource counting(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection connection ? counting(connection) : result;
                });
    }

    private static Connection counting(Connection target) {
        return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "prepareStatement", "createStatement", "prepareCall" -> COUNTS.get()[0]++;
                        case "commit" -> COUNTS.get()[1]++;
                        default -> {
                        }
                    }
                    return invoke(target, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
