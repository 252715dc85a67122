package dev.agentplatform.monitoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.events.Severity;
import dev.agentplatform.monitoring.service.AlertTransitions.Transition;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertTransitionsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void newestFirstByEventTimeWhateverTheArrivalOrder() {
        AlertTransitions transitions = new AlertTransitions(10);
        transitions.add(transition("b", "acme", 20));
        transitions.add(transition("a", "acme", 10));
        transitions.add(transition("c", "globex", 30));
        assertThat(transitions.recent(Optional.empty(), 10)).extracting(Transition::id).containsExactly("c", "b", "a");
        assertThat(transitions.recent(Optional.of("acme"), 10)).extracting(Transition::id).containsExactly("b", "a");
        assertThat(transitions.recent(Optional.of("acme"), 1)).extracting(Transition::id).containsExactly("b");
    }

    @Test
    void keepsTheNewestByEventTimeAndEachIdOnce() {
        AlertTransitions transitions = new AlertTransitions(2);
        transitions.add(transition("late", "acme", 30));
        transitions.add(transition("early", "acme", 10));
        transitions.add(transition("middle", "acme", 20));
        transitions.add(transition("late", "acme", 30));
        assertThat(transitions.recent(Optional.empty(), 10)).extracting(Transition::id).containsExactly("late", "middle");
    }

    @Test
    void subscribersGetTransitionsFromNowOnButNoRepeats() {
        AlertTransitions transitions = new AlertTransitions(10);
        transitions.add(transition("before", "acme", 1));
        AssertSubscriber<Transition> subscriber = transitions.live().subscribe().withSubscriber(AssertSubscriber.create(10));
        transitions.add(transition("after", "acme", 2));
        transitions.add(transition("after", "acme", 2));
        assertThat(subscriber.getItems()).extracting(Transition::id).containsExactly("after");
    }

    private static Transition transition(String id, String tenant, int seconds) {
        Instant at = T0.plusSeconds(seconds);
        return new Transition(id, "FIRING", "fp-" + id, tenant, null, "error_rate_high", Severity.WARNING, "summary",
                0.5, 0.05, Map.of("tenant", tenant), Map.of(), at, at, null);
    }
}
