package dev.courier.support.api;

import dev.courier.contracts.api.UserView;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;

import java.util.Optional;

/**
 * auth-service's user lookup for other services (session, group and last-seen services). A caller imports it with
 * {@code @ImportHttpServices(group = UsersApi.SERVICE, types = UsersApi.class)} and points
 * {@code spring.http.serviceclient.auth-service.base-url} at auth-service; failures behave as {@link InternalCalls}
 * says.
 */
public interface UsersApi {

    String SERVICE = "auth-service";

    /** Any account, deactivated ones too ({@code active: false}); empty when auth-service knows no such user. */
    @GetExchange("/internal/users/{userId}")
    Optional<UserView> user(@PathVariable String userId);
}
