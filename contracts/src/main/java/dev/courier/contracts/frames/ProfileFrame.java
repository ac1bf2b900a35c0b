package dev.courier.contracts.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A contact changed its profile: {@code about} and {@code profilePhoto} are null when unset or when the viewer's
 * privacy setting does not let this recipient see them.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProfileFrame(String user, String displayName, String about, String profilePhoto)
        implements ServerFrame {
}
