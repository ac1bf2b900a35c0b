package dev.courier.media.storage;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.core.io.Resource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The requests the S3 store makes (no server here: the client is a mock). */
class S3BlobStoreTest {

    private static final String SHA = "abcdef" + "0".repeat(58);
    private static final String KEY = "ab/cd/" + SHA;

    private final S3Client s3 = mock(S3Client.class);
    private final S3BlobStore store = new S3BlobStore(s3, "media-bucket");

    @Test
    void putsANewBlobUnderItsHashKeyWithItsTypeAndLength() {
        when(s3.headObject(any(HeadObjectRequest.class))).thenThrow(NoSuchKeyException.builder().build());

        store.put(SHA, new byte[] {1, 2, 3}, "image/png");

        ArgumentCaptor<PutObjectRequest> put = ArgumentCaptor.forClass(PutObjectRequest.class);
        verify(s3).putObject(put.capture(), any(RequestBody.class));
        assertThat(put.getValue().bucket()).isEqualTo("media-bucket");
        assertThat(put.getValue().key()).isEqualTo(KEY);
        assertThat(put.getValue().contentType()).isEqualTo("image/png");
        assertThat(put.getValue().contentLength()).isEqualTo(3L);
    }

    @Test
    void doesNotWriteABlobThatExists() {
        when(s3.headObject(any(HeadObjectRequest.class))).thenReturn(HeadObjectResponse.builder().contentLength(3L).build());

        store.put(SHA, new byte[] {1, 2, 3}, "image/png");

        verify(s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
    }

    @Test
    void opensWithTheLengthFromTheHeadAndAMissingKeyIsEmpty() throws Exception {
        ArgumentCaptor<HeadObjectRequest> head = ArgumentCaptor.forClass(HeadObjectRequest.class);
        when(s3.headObject(head.capture())).thenReturn(HeadObjectResponse.builder().contentLength(1234L).build());

        Optional<Resource> blob = store.open(SHA);

        assertThat(blob).isPresent();
        assertThat(blob.get().contentLength()).isEqualTo(1234L);
        assertThat(head.getValue().bucket()).isEqualTo("media-bucket");
        assertThat(head.getValue().key()).isEqualTo(KEY);

        when(s3.headObject(any(HeadObjectRequest.class))).thenThrow(NoSuchKeyException.builder().build());
        assertThat(store.open(SHA)).isEmpty();
        assertThat(store.exists(SHA)).isFalse();
    }
}
