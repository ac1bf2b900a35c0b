package dev.courier.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options: {@code --workload direct|group}, {@code --url} (repeatable: senders use the first gateway,
 * receivers the last), {@code --pairs}, {@code --messages}, {@code --rate} (messages per second, open loop) and
 * {@code --group-size}; for the presence workload {@code --users}, {@code --interval} (seconds between one user's
 * pings), {@code --duration} (seconds measured) and {@code --metrics-url} (last-seen-service's base URL); for the
 * disappearing workload {@code --timer} (seconds) and {@code --background-rate} (ordinary messages per second
 * while the disappearing ones expire).
 */
record Options(String workload, List<URI> urls, int pairs, int messages, int rate, int groupSize, int users,
               int interval, int duration, URI metricsUrl, int timer, int backgroundRate) {

    /** The same target with another direct stream: {@code pairs}, {@code messages} at {@code rate}. */
    Options background(int pairs, int messages, int rate) {
        return new Options("direct", urls, pairs, messages, rate, groupSize, users, interval, duration, metricsUrl,
                timer, backgroundRate);
    }

    static Options parse(String[] args) {
        String workload = "direct";
        List<URI> urls = new ArrayList<>();
        int pairs = 10;
        int messages = 1000;
        int rate = 100;
        int groupSize = 256;
        int users = 1000;
        int interval = 10;
        int duration = 60;
        URI metricsUrl = URI.create("http://localhost:8086");
        int timer = 120;
        int backgroundRate = 50;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--workload" -> workload = value;
                case "--url" -> urls.add(URI.create(value));
                case "--pairs" -> pairs = Integer.parseInt(value);
                case "--messages" -> messages = Integer.parseInt(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--group-size" -> groupSize = Integer.parseInt(value);
                case "--users" -> users = Integer.parseInt(value);
                case "--interval" -> interval = Integer.parseInt(value);
                case "--duration" -> duration = Integer.parseInt(value);
                case "--metrics-url" -> metricsUrl = URI.create(value);
                case "--timer" -> timer = Integer.parseInt(value);
                case "--background-rate" -> backgroundRate = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; use --workload "
                        + "direct|group|presence|disappearing --url URL (repeatable) --pairs N --messages N --rate N "
                        + "--group-size N --users N --interval S --duration S --metrics-url URL --timer S "
                        + "--background-rate N");
            }
        }
        if (urls.isEmpty()) {
            urls.add(URI.create("http://localhost:8080"));
        }
        return new Options(workload, urls, pairs, messages, rate, groupSize, users, interval, duration, metricsUrl,
                timer, backgroundRate);
    }
}
