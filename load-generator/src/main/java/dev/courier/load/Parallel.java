package dev.courier.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Blocking set-up work (registrations, connects) a few at a time, results in order. */
final class Parallel {

    private Parallel() {
    }

    /** {@code task(0) … task(count - 1)}, {@code parallelism} at a time; the first failure stops the rest. */
    static <T> List<T> map(int parallelism, int count, IntFunction<T> task) {
        try (ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, count)))) {
            List<Future<T>> pending = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                pending.add(workers.submit(() -> task.apply(index)));
            }
            List<T> results = new ArrayList<>(count);
            try {
                for (Future<T> result : pending) {
                    results.add(result.get());
                }
            } catch (ExecutionException e) {
                pending.forEach(future -> future.cancel(true));
                throw FileLimit.explain(e.getCause());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Closes every connection, many at once (a close handshake may take a moment each). */
    static void closeAll(List<? extends AutoCloseable> connections) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (AutoCloseable connection : connections) {
                threads.execute(() -> {
                    try {
                        connection.close();
                    } catch (Exception e) {
                        // Closing is best effort at the end of a run.
                    }
                });
            }
        }
    }
}
