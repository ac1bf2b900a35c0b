package dev.courier.load;

import dev.courier.client.ApiResponse;
import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.MediaUploaded;
import dev.courier.contracts.api.TokenResponse;
import dev.courier.contracts.frames.MessageFrame;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Images (issue #5): a 1 MiB noise JPEG made once; uploads as Poisson arrivals at {@code rate} per second by
 * {@code pairs} senders (uploads on the first gateway), each upload a distinct variant of the image (media-service
 * deduplicates by hash) and, once answered, followed by an image message to the sender's partner (on the last
 * gateway), who then downloads the thumbnail. Measures upload latency (scheduled time → 201, thumbnailing included),
 * uploads and MiB per second achieved (at most {@code --max-in-flight} uploads at once, default 32: an arrival beyond
 * that is skipped and counted in {@code uploadsSkipped}, since an unbounded pile of 1 MiB requests takes a 256 MiB
 * media-service down with OutOfMemoryError rather than measuring it), image message send → message at the recipient (sendToDeliver), its
 * {@code sent} and {@code delivered} receipts, and thumbnail download latency (request → body).
 */
final class MediaWorkload {

    static final int IMAGE_BYTES = 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private MediaWorkload() {
    }

    static WorkloadResult run(Options options) throws InterruptedException {
        CourierClient senderGateway = new CourierClient(options.urls().getFirst());
        CourierClient receiverGateway = new CourierClient(options.urls().getLast());
        int pairs = options.pairs();
        int uploads = options.messages();
        int parallelism = options.parallelismFor(2 * pairs);
        byte[] image = NoiseJpeg.generate(IMAGE_BYTES, options.seed());
        System.out.printf("media: a %d-byte noise JPEG; registering %d pairs%n", image.length, pairs);

        DeliveryTally tally = new DeliveryTally();
        LatencyRecorder upload = new LatencyRecorder("upload (scheduled -> 201)");
        LatencyRecorder delivery = new LatencyRecorder("image message -> recipient");
        LatencyRecorder sent = new LatencyRecorder("image message -> sent receipt");
        LatencyRecorder deliveredReceipt = new LatencyRecorder("image message -> delivered");
        LatencyRecorder thumbnail = new LatencyRecorder("thumbnail download");
        SenderReceipts receipts = new SenderReceipts(tally, sent, deliveredReceipt, receipt -> true);
        AtomicLong uploaded = new AtomicLong();
        AtomicLong uploadedBytes = new AtomicLong();
        AtomicLong uploadFailures = new AtomicLong();
        AtomicLong lastUpload = new AtomicLong();
        AtomicLong thumbnails = new AtomicLong();
        AtomicLong thumbnailFailures = new AtomicLong();
        AtomicLong sendFailures = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        AtomicLong uploadsSkipped = new AtomicLong();

        List<TokenResponse> senders = SimulatedUsers.create(senderGateway, "media-sender", pairs, parallelism);
        List<TokenResponse> receivers = SimulatedUsers.create(senderGateway, "media-receiver", pairs, parallelism);
        List<SerialSender> senderSockets = Parallel.map(parallelism, pairs, pair ->
                new SerialSender(senderGateway.connect(senders.get(pair).accessToken()).onFrame(receipts),
                        sendFailures));
        List<CourierConnection> receiverSockets = Parallel.map(parallelism, pairs, pair -> {
            String receiver = receivers.get(pair).userId();
            String token = receivers.get(pair).accessToken();
            return SerialSender.receiver(receiverGateway, token, frame -> {
                if (frame.frame() instanceof MessageFrame m && m.body() != null && m.body().image() != null) {
                    Long at = tally.received(receiver, m);
                    if (at == null) {
                        return;
                    }
                    delivery.record(frame.receivedAtNanos() - at);
                    lastArrival.accumulateAndGet(frame.receivedAtNanos(), Math::max);
                    String mediaId = m.body().image().mediaId();
                    SerialSender.async(() -> {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<byte[]> response = receiverGateway.downloadMedia(token,
                                    "/api/media/" + mediaId + "/thumbnail");
                            if (response.statusCode() == 200 && response.body().length > 0) {
                                thumbnail.record(System.nanoTime() - start);
                            } else {
                                thumbnailFailures.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            thumbnailFailures.incrementAndGet();
                        } finally {
                            thumbnails.incrementAndGet();
                        }
                    });
                }
            }, sendFailures);
        });

        // Warm-up: one upload, image message and thumbnail per pair, unmeasured.
        Parallel.map(parallelism, pairs, pair -> {
            ApiResponse response = senderGateway.uploadMedia(senders.get(pair).accessToken(), "warm-up.jpg",
                    "image/jpeg", NoiseJpeg.variant(image, UUID.randomUUID().toString()));
            if (response.status() != 201) {
                throw new IllegalStateException("Warm-up upload answered " + response.status() + ": "
                        + response.body());
            }
            MediaUploaded media = JSON.readValue(response.body(), MediaUploaded.class);
            senderSockets.get(pair).send(SerialSender.imageToUser(UUID.randomUUID().toString(),
                    receivers.get(pair).userId(), media.mediaId(), "warm-up"));
            return media;
        });
        Thread.sleep(3000);

        System.out.printf("media: %d uploads at %.2f/s over %d pairs%n", uploads, options.rate(), pairs);
        long started = System.nanoTime();
        int[] next = {0};
        OpenLoop.run(uploads, options.rate(), options.seed(), due -> {
            int pair = next[0]++ % pairs;
            if (inFlight.incrementAndGet() > options.maxInFlight()) {
                inFlight.decrementAndGet();
                uploadsSkipped.incrementAndGet();
                return;
            }
            SerialSender.async(() -> {
                ApiResponse response;
                try {
                    response = senderGateway.uploadMedia(senders.get(pair).accessToken(), "noise.jpg", "image/jpeg",
                            NoiseJpeg.variant(image, UUID.randomUUID().toString()));
                } catch (RuntimeException e) {
                    uploadFailures.incrementAndGet();
                    return;
                } finally {
                    inFlight.decrementAndGet();
                }
                long answered = System.nanoTime();
                if (response.status() != 201) {
                    uploadFailures.incrementAndGet();
                    return;
                }
                upload.record(answered - due);
                uploaded.incrementAndGet();
                uploadedBytes.addAndGet(image.length);
                lastUpload.accumulateAndGet(answered, Math::max);
                String mediaId = JSON.readValue(response.body(), MediaUploaded.class).mediaId();
                String id = UUID.randomUUID().toString();
                String receiver = receivers.get(pair).userId();
                SerialSender socket = senderSockets.get(pair);
                synchronized (socket) {
                    tally.sent(id, System.nanoTime(), senders.get(pair).userId(), List.of(receiver));
                    socket.send(SerialSender.imageToUser(id, receiver, mediaId, "load"));
                }
            });
        });
        long sendEnd = System.nanoTime();
        Drain.await(options, () -> uploaded.get() + uploadFailures.get() + uploadsSkipped.get() >= uploads
                        && tally.delivered() >= uploaded.get() && thumbnails.get() >= tally.delivered()
                        && receipts.delivered() >= tally.delivered(),
                upload, delivery, thumbnail);
        double seconds = (Math.max(sendEnd, Math.max(lastArrival.get(), lastUpload.get())) - started) / 1e9;
        double uploadSeconds = (Math.max(sendEnd, lastUpload.get()) - started) / 1e9;

        List<CourierConnection> all = new ArrayList<>(receiverSockets);
        senderSockets.forEach(sender -> all.add(sender.connection()));
        Parallel.closeAll(all);

        Latency uploadLatency = upload.summary();
        Latency thumbnailLatency = thumbnail.summary();
        Map<String, Double> extra = new HashMap<>(tally.checkerExtras());
        extra.put("pairs", (double) pairs);
        extra.put("imageBytes", (double) image.length);
        extra.put("uploads", (double) uploaded.get());
        extra.put("uploadFailures", (double) uploadFailures.get());
        extra.put("uploadsSkipped", (double) uploadsSkipped.get());
        extra.put("maxInFlight", (double) options.maxInFlight());
        extra.put("uploadsPerSecond", uploaded.get() / uploadSeconds);
        extra.put("uploadMiBPerSecond", uploadedBytes.get() / 1048576.0 / uploadSeconds);
        extra.put("uploadP50Millis", uploadLatency.p50Millis());
        extra.put("uploadP99Millis", uploadLatency.p99Millis());
        extra.put("uploadP999Millis", uploadLatency.p999Millis());
        extra.put("uploadMaxMillis", uploadLatency.maxMillis());
        extra.put("thumbnailP50Millis", thumbnailLatency.p50Millis());
        extra.put("thumbnailP99Millis", thumbnailLatency.p99Millis());
        extra.put("thumbnailMaxMillis", thumbnailLatency.maxMillis());
        extra.put("thumbnails", (double) thumbnailLatency.count());
        extra.put("thumbnailFailures", (double) thumbnailFailures.get());
        extra.put("errors", (double) (receipts.rateLimited() + receipts.otherErrors()));
        extra.put("sendFailures", (double) sendFailures.get());
        tally.findings(5).forEach(finding -> System.out.println("  checker: " + finding));
        return new WorkloadResult("courier", "media", options.rate(), uploads, tally.delivered(),
                uploads - tally.delivered(), tally.duplicates(), tally.orderViolations(), seconds, delivery.summary(),
                sent.summary(), deliveredReceipt.summary(), extra);
    }
}
