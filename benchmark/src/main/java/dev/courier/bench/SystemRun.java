package dev.courier.bench;

import dev.courier.load.WorkloadResult;

import java.util.List;

/**
 * Everything measured on one system under test in one phase of the benchmark, as written to
 * {@code <system>.json} and read back by the report.
 *
 * @param steps    the saturation search's one-to-one steps, in the order run
 * @param fixed    group fan-out and media, one fixed step each
 * @param idle     the idle-connections workload, or null
 * @param ceilings the machine's ceilings (measured in Courier's phase, on its broker and database)
 * @param notes    what was skipped or failed, and why
 */
record SystemRun(String system, String started, String finished, boolean quick, List<SaturationSearch.Step> steps,
                 List<Fixed> fixed, WorkloadResult idle, List<Ceilings.Ceiling> ceilings, List<String> notes) {

    /** A fixed step with a label such as "group of 10, 10 messages/s". */
    record Fixed(String label, WorkloadResult result) {
    }
}
