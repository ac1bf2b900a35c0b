package dev.courier.auth.login;

import dev.courier.auth.account.Accounts;
import dev.courier.support.security.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LoginController {

    private final LoginService logins;

    LoginController(LoginService logins) {
        this.logins = logins;
    }

    @PostMapping("/api/auth/login")
    LoginService.Tokens login(@Valid @RequestBody LoginRequest request) {
        return logins.login(request.phone(), request.password(), request.deviceId());
    }

    @PostMapping("/api/auth/refresh")
    LoginService.Tokens refresh(@Valid @RequestBody RefreshRequest request) {
        return logins.refresh(request.refreshToken());
    }

    @PostMapping("/api/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(Authentication authentication) {
        var caller = AuthenticatedUser.from(authentication);
        logins.logout(caller.userId(), caller.deviceId());
    }

    @DeleteMapping("/api/me")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deactivate(Authentication authentication) {
        logins.deactivate(AuthenticatedUser.from(authentication).userId());
    }

    record LoginRequest(
            @NotNull @Pattern(regexp = Accounts.PHONE_PATTERN, message = "must be an E.164 phone number like +15551234567")
            String phone,
            @NotBlank @Size(max = 128) String password,
            @Size(min = 1, max = 128) @Pattern(regexp = "\\P{Cntrl}+", message = "must not contain control characters")
            String deviceId) {
    }

    record RefreshRequest(@NotBlank @Size(max = 128) String refreshToken) {
    }
}
