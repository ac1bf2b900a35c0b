package dev.courier.stack;

import java.nio.file.Path;

/**
 * The JDK this launcher runs on, which is also the one it starts every service with (so a service never needs a
 * JDK of its own, and an AOT cache made here fits the JVM that uses it).
 */
final class JavaRuntime {

    /** The first JDK with {@code -XX:AOTCacheOutput} (JEP 514); older ones reject the AOT options at start-up. */
    static final int FIRST_WITH_AOT_CACHE = 25;

    private JavaRuntime() {
    }

    static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Whether services get an AOT cache: on JDK 25+, unless {@code COURIER_AOT_CACHE=off} (or the system property
     * {@code courier.aot-cache=off}) says to start them without one, as JDK 21 does.
     */
    static boolean hasAotCache() {
        String setting = System.getProperty("courier.aot-cache", System.getenv().getOrDefault("COURIER_AOT_CACHE", ""));
        return Runtime.version().feature() >= FIRST_WITH_AOT_CACHE && !"off".equalsIgnoreCase(setting);
    }

    /** Names this exact JDK build: an AOT cache is only valid for the build that made it. */
    static String identity() {
        return System.getProperty("java.home") + " " + Runtime.version();
    }
}
