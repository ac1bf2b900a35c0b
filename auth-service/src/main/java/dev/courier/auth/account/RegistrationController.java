package dev.courier.auth.account;

import dev.courier.contracts.api.RegisterRequest;
import dev.courier.contracts.api.RegisterResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
class RegistrationController {

    private final Accounts accounts;
    private final RegistrationLimit limit;

    RegistrationController(Accounts accounts, RegistrationLimit limit) {
        this.accounts = accounts;
        this.limit = limit;
    }

    @InitBinder
    void validators(WebDataBinder binder) {
        binder.addValidators(new RegisterRequestValidator());
    }

    @PostMapping("/api/auth/register")
    ResponseEntity<RegisterResponse> register(@Valid @RequestBody RegisterRequest request, HttpServletRequest http) {
        limit.take(http.getRemoteAddr());
        String userId = accounts.register(request.phone(), request.password(), request.displayName()).toString();
        return ResponseEntity.created(URI.create("/api/users/" + userId)).body(new RegisterResponse(userId));
    }

    /** Phone E.164; password 6 to 128 characters; display name as {@code PATCH /api/me} takes it. */
    static final class RegisterRequestValidator implements Validator {

        @Override
        public boolean supports(Class<?> type) {
            return RegisterRequest.class.equals(type);
        }

        @Override
        public void validate(Object target, Errors errors) {
            RegisterRequest request = (RegisterRequest) target;
            RequestFields.phone(errors, request.phone());
            RequestFields.text(errors, "password", request.password(), 6, 128);
            RequestFields.displayName(errors, request.displayName());
        }
    }
}
