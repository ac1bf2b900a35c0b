package dev.courier.bench;

import dev.courier.load.WorkloadResult;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Main of a workload JVM: {@code WorkloadChild <result.json> COURIER|XMPP <generator options...>}. */
public final class WorkloadChild {

    private WorkloadChild() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args).subList(2, args.length);
        WorkloadResult result = Workloads.valueOf(args[1]).inThisJvm(options);
        Json.write(Path.of(args[0]), result);
        System.exit(0);
    }
}
