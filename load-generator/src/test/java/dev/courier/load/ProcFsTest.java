package dev.courier.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcFsTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void aStatLineIsReadAfterACommandNameHoldingSpacesAndParentheses() {
        String line = "4807 (java (gw) 1) S 4599 4599 4582 0 -1 4194560 291834 0 12 0 12345 678 20 10 20 0 93 0 "
                + "1861 4102172672 63109 18446744073709551615 1 1 0 0 0 0 4 0 16800975 0 0 0 17 1 0 0 0 0 0\n";

        ProcFs.Stat stat = ProcFs.Stat.parse(line);

        assertThat(stat).isEqualTo(new ProcFs.Stat(4807, 4599, 1861, 12345 + 678, 20 + 10));
    }

    @Test
    void vmRssIsReadFromTheStatusFileInBytes() {
        assertThat(ProcFs.vmRssBytes(List.of("Name:\tjava", "VmPeak:\t  999 kB", "VmRSS:\t  123456 kB",
                "Threads:\t40"))).isEqualTo(123456L * 1024);
    }

    @Test
    void listeningSocketsAreFoundByPortInProcNetTcp() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1",
                "   1: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4712 1",
                "   2: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 4713 1");

        assertThat(ProcFs.listeningInodes(table, Set.of(8080))).containsExactly("4711");
    }

    @Test
    void thisJvmIsListedAndReadable() throws IOException {
        assertThat(ProcFs.pids()).contains(SELF);

        ProcFs.Stat stat = ProcFs.stat(SELF);
        assertThat(stat.pid()).isEqualTo(SELF);
        assertThat(stat.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(stat.cpuTicks()).isPositive();
        assertThat(ProcFs.residentBytes(SELF)).isPositive();
    }

    @Test
    void theCommandLineSplitsAtNulsAsTheJdkReadsIt() throws IOException {
        List<String> jdkArguments = List.of(ProcessHandle.current().info().arguments().orElseThrow());

        assertThat(ProcFs.arguments(SELF)).endsWith(jdkArguments.toArray(String[]::new));
        assertThat(ProcFs.commandLine(SELF)).isEqualTo(String.join(" ", ProcFs.arguments(SELF)));
    }

    @Test
    void aProcessThatIsGoneIsAnIOException() {
        long gone = Long.MAX_VALUE;

        assertThatThrownBy(() -> ProcFs.stat(gone)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ProcFs.commandLine(gone)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ProcFs.residentBytes(gone)).isInstanceOf(IOException.class);
    }
}
