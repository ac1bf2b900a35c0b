package dev.courier.support.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code courier.web.*}: limits every servlet service applies to its requests ({@link RequestBodyLimit}).
 *
 * @param maxBodySize      the largest request body that is not multipart (JSON): 64 KB by default, like a frame
 * @param maxMultipartSize the largest multipart body (uploads): as small by default; media-service and the gateway,
 *                         which carry uploads, raise it
 */
@ConfigurationProperties("courier.web")
public record CourierWebProperties(DataSize maxBodySize, DataSize maxMultipartSize) {

    public CourierWebProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(64) : maxBodySize;
        maxMultipartSize = maxMultipartSize == null ? maxBodySize : maxMultipartSize;
    }
}
