package dev.courier.auth.account;

import dev.courier.auth.AuthProperties;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Who operates this deployment: the users whose phone number is in {@code courier.auth.admin-phones}. Their access
 * tokens carry the {@code admin} scope, which the admin endpoints (delivery timelines) require.
 */
@Component
public class Operators {

    private final Set<String> phones;
    private final UserAccountRepository users;

    Operators(AuthProperties properties, UserAccountRepository users) {
        this.phones = properties.adminPhones().stream().map(String::trim).filter(phone -> !phone.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.users = users;
    }

    public boolean isOperator(String userId) {
        if (phones.isEmpty()) {
            return false;
        }
        try {
            return users.findById(UUID.fromString(userId)).map(user -> phones.contains(user.phone())).orElse(false);
        } catch (IllegalArgumentException notAnId) {
            return false;
        }
    }
}
