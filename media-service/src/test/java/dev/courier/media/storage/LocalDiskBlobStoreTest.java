package dev.courier.media.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalDiskBlobStoreTest {

    private static final String SHA = "0123456789" + "a".repeat(54);

    @TempDir
    Path root;

    @Test
    void storesABlobOnceUnderItsHashPrefixes() throws Exception {
        LocalDiskBlobStore store = new LocalDiskBlobStore(root);
        assertThat(store.exists(SHA)).isFalse();
        assertThat(store.open(SHA)).isEmpty();

        store.put(SHA, new byte[] {1, 2, 3}, "image/png");
        store.put(SHA, new byte[] {1, 2, 3}, "image/png");

        Path file = root.resolve("01/23/" + SHA);
        assertThat(file).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(store.exists(SHA)).isTrue();
        assertThat(store.open(SHA).orElseThrow().contentLength()).isEqualTo(3);
        try (Stream<Path> partials = Files.list(root.resolve("tmp"))) {
            assertThat(partials).isEmpty();
        }
    }

    @Test
    void refusesAKeyThatIsNotAHash() {
        LocalDiskBlobStore store = new LocalDiskBlobStore(root);

        assertThatThrownBy(() -> store.put("../../etc/passwd", new byte[0], "image/png"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
