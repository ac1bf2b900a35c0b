package dev.courier.media.inspect;

import dev.courier.media.MediaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InspectionConfiguration {

    @Bean
    ImageInspector imageInspector(MediaProperties properties) {
        return new ImageInspector(properties.maxSize().toBytes(), properties.maxDimension(), properties.maxPixels(),
                properties.thumbnailSize(), properties.maxStoredDimension());
    }
}
