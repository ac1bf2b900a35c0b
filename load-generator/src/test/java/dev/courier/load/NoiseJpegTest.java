package dev.courier.load;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class NoiseJpegTest {

    @Test
    void aNoiseJpegComesCloseToTheSizeAskedForAndEachVariantIsAnotherValidFileOfTheSamePicture() throws IOException {
        byte[] jpeg = NoiseJpeg.generate(64 * 1024, 3);
        assertThat(jpeg.length).isBetween(64 * 1024 * 95 / 100, 64 * 1024 * 105 / 100);

        byte[] variant = NoiseJpeg.variant(jpeg, "one");
        assertThat(variant).isNotEqualTo(jpeg).isNotEqualTo(NoiseJpeg.variant(jpeg, "two"));
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(jpeg));
        BufferedImage changed = ImageIO.read(new ByteArrayInputStream(variant));
        assertThat(changed.getWidth()).isEqualTo(original.getWidth());
        assertThat(changed.getRGB(5, 7)).isEqualTo(original.getRGB(5, 7));
    }
}
