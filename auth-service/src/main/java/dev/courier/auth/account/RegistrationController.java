package dev.courier.auth.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
class RegistrationController {

    private final Accounts accounts;

    RegistrationController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/api/auth/register")
    ResponseEntity<RegisterResponse> register(@Valid @RequestBody RegisterRequest request) {
        String userId = accounts.register(request.phone(), request.password(), request.displayName()).toString();
        return ResponseEntity.created(URI.create("/api/users/" + userId)).body(new RegisterResponse(userId));
    }

    record RegisterRequest(
            @NotNull @Pattern(regexp = Accounts.PHONE_PATTERN, message = "must be an E.164 phone number like +15551234567")
            String phone,
            @NotBlank @Size(min = 6, max = 128) String password,
            @NotBlank @Size(max = 64) String displayName) {
    }

    record RegisterResponse(String userId) {
    }
}
