package dev.courier.message.disappearing;

import java.util.Set;

/**
 * The timers a conversation may be set to, in seconds: 0 (off), 24 hours, 7 days or 90 days, as WhatsApp offers.
 * With {@code allowAnySeconds} (tests only) any value from 1 second to 90 days is accepted as well.
 */
record TimerValues(boolean allowAnySeconds) {

    static final long DAY = 86_400;
    static final long WEEK = 7 * DAY;
    static final long NINETY_DAYS = 90 * DAY;
    static final Set<Long> OFFERED = Set.of(0L, DAY, WEEK, NINETY_DAYS);

    boolean accepts(long seconds) {
        return OFFERED.contains(seconds) || allowAnySeconds && seconds >= 1 && seconds <= NINETY_DAYS;
    }

    String describe() {
        return allowAnySeconds ? "seconds must be 0 (off) or 1 to " + NINETY_DAYS
                : "seconds must be 0 (off), " + DAY + ", " + WEEK + " or " + NINETY_DAYS;
    }
}
