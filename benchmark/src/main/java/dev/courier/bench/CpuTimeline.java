package dev.courier.bench;

import dev.courier.load.WorkloadResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU snapshots of the system under test every {@link #PERIOD_MILLIS} while a step runs, so that the CPU of the
 * step's measured phase alone (sends and drain, as the workload reports it) can be told apart from its set-up:
 * registering and logging in hundreds of users costs more CPU than a few seconds of messages, and the peer's driver
 * measures its own CPU over the measured phase too.
 */
final class CpuTimeline implements AutoCloseable {

    static final long PERIOD_MILLIS = 250;

    private record Point(long epochMillis, Map<String, ProcessCpu.Sample> snapshot) {
    }

    private final ProcessCpu cpu;
    private final List<Point> points = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cpu-timeline");
        thread.setDaemon(true);
        return thread;
    });

    CpuTimeline(ProcessCpu cpu) {
        this.cpu = cpu;
        sampler.scheduleAtFixedRate(this::sample, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        Point point = new Point(System.currentTimeMillis(), cpu.snapshot());
        synchronized (points) {
            points.add(point);
        }
    }

    /**
     * CPU seconds by process group over the result's measured phase: from the last snapshot at or before its start to
     * the first at or after its end (at most one period more on each side). The whole step when the workload does not
     * report its phase.
     */
    Map<String, Double> measuredPhase(WorkloadResult result) {
        sample();
        List<Point> taken;
        synchronized (points) {
            taken = List.copyOf(points);
        }
        Double from = result.extra().get(WorkloadResult.MEASURED_FROM);
        Double to = result.extra().get(WorkloadResult.MEASURED_TO);
        Point first = taken.getFirst();
        Point last = taken.getLast();
        if (from != null && to != null) {
            for (Point point : taken) {
                if (point.epochMillis() <= from) {
                    first = point;
                }
            }
            for (Point point : taken.reversed()) {
                if (point.epochMillis() >= to) {
                    last = point;
                }
            }
        }
        return cpu.delta(first.snapshot(), last.snapshot());
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
