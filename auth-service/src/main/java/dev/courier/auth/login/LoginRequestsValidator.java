package dev.courier.auth.login;

import dev.courier.auth.account.RequestFields;
import dev.courier.contracts.api.LoginRequest;
import dev.courier.contracts.api.RefreshRequest;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The edge checks of login and refresh bodies (the records live in contracts, which carries no validation
 * annotations). A rejection becomes a 400 ProblemDetail through Spring MVC's {@code @Valid} handling.
 */
class LoginRequestsValidator implements Validator {

    @Override
    public boolean supports(Class<?> type) {
        return LoginRequest.class.equals(type) || RefreshRequest.class.equals(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        switch (target) {
            case LoginRequest login -> {
                RequestFields.phone(errors, login.phone());
                RequestFields.text(errors, "password", login.password(), 1, 128);
                if (login.deviceId() != null) {
                    RequestFields.printable(errors, "deviceId", login.deviceId(), 1, 128);
                }
            }
            case RefreshRequest refresh -> RequestFields.text(errors, "refreshToken", refresh.refreshToken(), 1, 128);
            default -> throw new IllegalArgumentException("Unsupported " + target.getClass());
        }
    }
}
