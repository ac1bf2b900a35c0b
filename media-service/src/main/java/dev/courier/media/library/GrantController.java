package dev.courier.media.library;

import dev.courier.contracts.api.MediaGrantRequest;
import dev.courier.contracts.api.MediaInfo;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Internal calls ({@code MediaApi}; {@code /internal/**}: the service token only, never routed by the gateway).
 * {@code GET /internal/media/{id}}: the uploader of a media, 404 if unknown. session-service's grant, made before it
 * authorises a send carrying an image: 204 granted (again: nothing changes), 404 unknown media, 403 the sender is
 * not the uploader, 400 no sender or a blank user id.
 */
@RestController
class GrantController {

    private final MediaLibrary library;

    GrantController(MediaLibrary library) {
        this.library = library;
    }

    /** Who uploaded a media: {@code MediaInfo}, 404 if unknown (auth-service checks profile photos with it). */
    @GetMapping("/internal/media/{mediaId}")
    MediaInfo describe(@PathVariable String mediaId) {
        return library.describe(mediaId);
    }

    @PostMapping("/internal/media/{mediaId}/grants")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void grant(@PathVariable String mediaId, @RequestBody MediaGrantRequest request) {
        if (request.senderId() == null || request.senderId().isBlank()) {
            throw new IllegalArgumentException("senderId is required");
        }
        List<String> users = request.userIds() == null ? List.of() : request.userIds();
        if (users.stream().anyMatch(user -> user == null || user.isBlank())) {
            throw new IllegalArgumentException("userIds must not hold blank ids");
        }
        library.grant(mediaId, request.senderId(), users);
    }
}
