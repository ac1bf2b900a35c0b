package dev.courier.media.library;

import dev.courier.contracts.api.MediaUploaded;
import dev.courier.media.MediaProperties;
import dev.courier.media.inspect.RefusedUploadException;
import dev.courier.support.security.AuthenticatedUser;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The media calls of PROTOCOL.md. Upload: 201, 400 empty or no {@code file} part, 413 too large, 415 not really an
 * image, 503 with {@code Retry-After} while too many uploads are in progress (nothing stored on any of them).
 * Fetch: 200 (206 for a {@code Range}, 304 for a matching {@code If-None-Match}), 403 not shared with the caller,
 * 404 unknown. Blobs never change, so they are cached for a year, privately (they are not public).
 */
@RestController
class MediaController {

    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePrivate()
            .immutable();

    private final MediaLibrary library;
    private final UploadSlots slots;
    private final long maxSize;

    MediaController(MediaLibrary library, UploadSlots slots, MediaProperties properties) {
        this.library = library;
        this.slots = slots;
        this.maxSize = properties.maxSize().toBytes();
    }

    @PostMapping(path = "/api/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<MediaUploaded> upload(@RequestParam("file") MultipartFile file, Authentication authentication)
            throws IOException {
        String uploader = caller(authentication);
        if (file.isEmpty()) {
            var refused = new RefusedUploadException(RefusedUploadException.Reason.EMPTY, "The file is empty");
            library.refused(uploader, 0, refused);
            throw refused;
        }
        if (file.getSize() > maxSize) {
            // Refused before the part is read into memory.
            var refused = new RefusedUploadException(RefusedUploadException.Reason.TOO_LARGE,
                    "The file is " + file.getSize() + " bytes; at most " + maxSize + " are accepted");
            library.refused(uploader, file.getSize(), refused);
            throw refused;
        }
        MediaUploaded uploaded = slots.run(() -> library.upload(uploader, file.getBytes()));
        return ResponseEntity.created(URI.create("/api/media/" + uploaded.mediaId())).body(uploaded);
    }

    @GetMapping("/api/media/{mediaId}")
    ResponseEntity<Resource> original(@PathVariable String mediaId, Authentication authentication) {
        return serve(library.fetch(mediaId, caller(authentication), MediaLibrary.Variant.ORIGINAL));
    }

    @GetMapping("/api/media/{mediaId}/thumbnail")
    ResponseEntity<Resource> thumbnail(@PathVariable String mediaId, Authentication authentication) {
        return serve(library.fetch(mediaId, caller(authentication), MediaLibrary.Variant.THUMBNAIL));
    }

    /**
     * Spring MVC answers {@code Range} (206 + Content-Range) and {@code If-None-Match} (304) from these headers. An
     * image opened on its own in a browser runs nothing and loads nothing ({@code sandbox}, {@code default-src
     * 'none'}; Spring Security adds {@code nosniff}), though what is stored is re-encoded pixels anyway.
     */
    private static ResponseEntity<Resource> serve(MediaLibrary.Served served) {
        return ResponseEntity.ok()
                .header("Content-Security-Policy", "default-src 'none'; img-src 'self'; sandbox")
                .contentType(MediaType.parseMediaType(served.contentType()))
                .eTag("\"" + served.sha256() + "\"")
                .cacheControl(IMMUTABLE)
                .body(served.blob());
    }

    private static String caller(Authentication authentication) {
        return AuthenticatedUser.from(authentication).userId();
    }
}
