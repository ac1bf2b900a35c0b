package dev.courier.media;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

import jakarta.servlet.MultipartConfigElement;

/**
 * Images shared in chats: uploaded once ({@code POST /api/media}, the type decided from the bytes), stored by their
 * SHA-256 on local disk or an S3-compatible store, with a JPEG thumbnail; fetched by the uploader and by the users
 * session-service granted when it authorised a send carrying the media id.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MediaServiceApplication {

    /** Room for the multipart envelope around a file of exactly {@code max-size}. */
    private static final DataSize MULTIPART_SLACK = DataSize.ofMegabytes(1);

    public static void main(String[] args) {
        SpringApplication.run(MediaServiceApplication.class, args);
    }

    /**
     * The servlet container's multipart limits follow {@code courier.media.max-size}, a little above it: a file up to
     * the slack over the limit reaches the upload and is refused there with a 413 ProblemDetail; a larger request is
     * cut off by the container ({@code MaxUploadSizeExceededException}, also 413). Parts over 256 KiB spill to disk.
     */
    @Bean
    MultipartConfigElement multipartConfigElement(MediaProperties properties) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        long maxFile = properties.maxSize().toBytes() + MULTIPART_SLACK.toBytes();
        factory.setMaxFileSize(DataSize.ofBytes(maxFile));
        factory.setMaxRequestSize(DataSize.ofBytes(maxFile + MULTIPART_SLACK.toBytes()));
        factory.setFileSizeThreshold(DataSize.ofKilobytes(256));
        return factory.createMultipartConfig();
    }
}
