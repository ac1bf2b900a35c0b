package dev.courier.auth.profile;

import dev.courier.contracts.api.MyProfile;
import dev.courier.support.security.AuthenticatedUser;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/me}: the caller's profile. {@code PATCH /api/me} (a JSON merge patch, {@code application/json} or
 * {@code application/merge-patch+json}): 200 with the profile after the change; 400 bad input or unknown fields, or a
 * photo that is not the caller's upload; 409 email taken. Nothing changes on any error.
 */
@RestController
class ProfileController {

    private final Profiles profiles;

    ProfileController(Profiles profiles) {
        this.profiles = profiles;
    }

    @GetMapping("/api/me")
    MyProfile me(Authentication authentication) {
        return profiles.own(AuthenticatedUser.from(authentication).userId());
    }

    @PatchMapping("/api/me")
    MyProfile change(@RequestBody JsonNode body, Authentication authentication) {
        return profiles.change(AuthenticatedUser.from(authentication).userId(), ProfilePatch.read(body));
    }
}
