package dev.courier.auth.account;

import dev.courier.contracts.api.UserView;
import dev.courier.support.security.AuthenticatedUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.regex.Pattern;

/**
 * Public lookups (bearer token required) show active accounts only, with about and profile photo as the owner's
 * privacy settings let the caller see them (never email or location); the internal one, for other services, shows
 * deactivated accounts too, with {@code active: false}.
 */
@RestController
class UserLookupController {

    private static final Pattern PHONE = Pattern.compile(Accounts.PHONE_PATTERN);

    private final Accounts accounts;
    private final ProfilePrivacy privacy;

    UserLookupController(Accounts accounts, ProfilePrivacy privacy) {
        this.accounts = accounts;
        this.privacy = privacy;
    }

    @GetMapping("/api/users/{userId}")
    UserView byId(@PathVariable String userId, Authentication authentication) {
        UserView user = accounts.findActive(userId).orElseThrow(UserLookupController::notFound);
        return privacy.asSeenBy(user, AuthenticatedUser.from(authentication).userId());
    }

    @GetMapping("/api/users")
    UserView byPhone(@RequestParam String phone, Authentication authentication) {
        String number = unmangled(phone);
        if (!PHONE.matcher(number).matches()) {
            throw new IllegalArgumentException("phone must be an E.164 phone number like +15551234567");
        }
        UserView user = accounts.findActiveByPhone(number).orElseThrow(UserLookupController::notFound);
        return privacy.asSeenBy(user, AuthenticatedUser.from(authentication).userId());
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
