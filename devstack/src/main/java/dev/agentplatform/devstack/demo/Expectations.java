package dev.agentplatform.devstack.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The closing check list: each expected alert transition, met (when and by what) or missing. */
final class Expectations {

    private Expectations() {
    }

    /**
     * One line per expectation, in order: {@code ok       +00:41  quota_utilization_high firing for noisy}
     * or {@code MISSING  slo_burn_rate_page_fast resolved for acme {slo=availability}}.
     *
     * @param when how to show the arrival of the transition that met an expectation
     */
    static List<String> report(List<ExpectedAlert> expected, List<AlertEvent> seen, Function<AlertEvent, String> when) {
        List<String> lines = new ArrayList<>();
        for (ExpectedAlert e : expected) {
            Optional<AlertEvent> match = e.firstIn(seen);
            lines.add(match.map(m -> "ok       " + when.apply(m) + "  " + e.describe())
                    .orElse("MISSING  " + e.describe()));
        }
        return lines;
    }
}
