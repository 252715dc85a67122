package dev.agentplatform.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rendersCountersRejectionsAndP95() {
        TenantStats.Snapshot s = new TenantStats.Snapshot(340, 300, 40, Map.of("maxConcurrentAgents", 40L), 290, 3, 41);
        assertThat(ProgressLine.render("2/5 noisy neighbour", 75, s, 2)).isEqualTo("[01:15 2/5 noisy neighbour] "
                + "submitted 340  admitted 300  rejected 40 (maxConcurrentAgents 40)  completed 293  failed 3  "
                + "p95 41 ms  alerts 2");
        TenantStats.Snapshot none = new TenantStats.Snapshot(0, 0, 0, Map.of(), 0, 0, -1);
        assertThat(ProgressLine.render("start", 0, none, 0)).contains("rejected 0", "p95 -");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndOtherLinesGoAboveIt() {
        ProgressLine line = new ProgressLine(out, true, 5000);
        line.update("a");
        line.update("b");
        line.println("ALERT");
        line.finish();
        line.println("summary");
        String nl = System.lineSeparator();
        assertThat(printed()).as("after finish, lines are plain again")
                .isEqualTo("\r\033[2Ka\r\033[2Kb\r\033[2KALERT" + nl + "b" + nl + "summary" + nl);
    }

    @Test
    void elsewhereItIsAPlainLineNowAndThenAndTheLastStateAtTheEnd() {
        ProgressLine line = new ProgressLine(out, false, 60_000);
        line.update("first");
        line.update("second");
        line.update("third");
        line.println("ALERT");
        line.finish();
        String nl = System.lineSeparator();
        assertThat(printed()).isEqualTo("first" + nl + "ALERT" + nl + "third" + nl).doesNotContain("\r");
    }
}
