package dev.courier.auth.account;

import dev.courier.contracts.api.UserView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.regex.Pattern;

/**
 * Public lookups (bearer token required) show active accounts only; the internal one, for other services, shows
 * deactivated accounts too, with {@code active: false}.
 */
@RestController
class UserLookupController {

    private static final Pattern PHONE = Pattern.compile(Accounts.PHONE_PATTERN);

    private final Accounts accounts;

    UserLookupController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/api/users/{userId}")
    UserView byId(@PathVariable String userId) {
        return accounts.findActive(userId).orElseThrow(UserLookupController::notFound);
    }

    @GetMapping("/api/users")
    UserView byPhone(@RequestParam String phone) {
        String number = unmangled(phone);
        if (!PHONE.matcher(number).matches()) {
            throw new IllegalArgumentException("phone must be an E.164 phone number like +15551234567");
        }
        return accounts.findActiveByPhone(number).orElseThrow(UserLookupController::notFound);
    }

    @GetMapping("/internal/users/{userId}")
    UserView internalById(@PathVariable String userId) {
        return accounts.findAny(userId).orElseThrow(UserLookupController::notFound);
    }

    /**
     * A client that writes {@code ?phone=+1555...} without encoding the {@code +} sends a space (form encoding):
     * read it as the {@code +} it meant.
     */
    private static String unmangled(String phone) {
        return phone.startsWith(" ") ? "+" + phone.substring(1) : phone;
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such user");
    }
}
