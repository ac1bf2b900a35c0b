package dev.courier.system;

/**
 * The system tests run in three JVMs, one after the other (three Surefire executions in this module's pom):
 * <ol>
 *   <li>{@value #BEFORE_SHARED_STACK}: classes with a stack of their own on the test kit's PostgreSQL and Kafka, with
 *   the topics, consumer groups and database names every stack uses, so no other stack may run beside them
 *   ({@link MessageExpirySystemTest}, whose start trains the AOT caches, then
 *   {@link ComposeEnvironmentSystemTest}), one class at a time;</li>
 *   <li>untagged: every class on the {@linkplain SystemStack#shared() shared stack}, two classes at a time. Most of
 *   their time is waiting (for heartbeats, timers, retries, quiet periods), which another class can use. A class
 *   that kills, restarts or stops a process of the shared stack is {@code @Isolated}: it runs alone, after the
 *   others;</li>
 *   <li>{@value #AFTER_SHARED_STACK}: the fault scenarios (their own PostgreSQL, Kafka and stack) and, last, the
 *   check of every log of the run for secrets, one class at a time.</li>
 * </ol>
 */
final class SuitePhases {

    static final String BEFORE_SHARED_STACK = "before-shared-stack";
    static final String AFTER_SHARED_STACK = "after-shared-stack";

    private SuitePhases() {
    }
}
