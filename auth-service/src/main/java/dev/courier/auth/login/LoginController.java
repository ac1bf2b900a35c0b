package dev.courier.auth.login;

import dev.courier.contracts.api.LoginRequest;
import dev.courier.contracts.api.RefreshRequest;
import dev.courier.contracts.api.TokenResponse;
import dev.courier.support.security.AuthenticatedUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.InitBinder;
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

    @InitBinder
    void validators(WebDataBinder binder) {
        binder.addValidators(new LoginRequestsValidator());
    }

    @PostMapping("/api/auth/login")
    TokenResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        return logins.login(request.phone(), request.password(), request.deviceId(), http.getRemoteAddr());
    }

    @PostMapping("/api/auth/refresh")
    TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
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
}
