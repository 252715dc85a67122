package dev.agentplatform.context.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplatform.context.ResolvedContext;
import dev.agentplatform.context.ResolvedContext.Contribution;
import dev.agentplatform.context.ResolvedContext.ScopeRef;
import dev.agentplatform.context.Scope;
import dev.agentplatform.context.provider.ContextProvider;
import dev.agentplatform.context.provider.ProviderResult;
import dev.agentplatform.context.provider.ResolveQuery;
import dev.agentplatform.common.security.Caller;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ContextOrchestratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ScopeRef> CHAIN = List.of(new ScopeRef(Scope.GLOBAL, "global"),
            new ScopeRef(Scope.DIVISION, "d1"), new ScopeRef(Scope.PROJECT, "p1"));
    private static final Caller CALLER = new Caller("u", "t", Set.of("viewer"));

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A provider that answers fixed contributions ("SCOPE:json" pairs) for key k, or hangs, or fails. */
    private record Fake(String name, int priority, boolean enabled, String behaviour, List<String> values)
            implements ContextProvider {

        static Fake of(String name, int priority, String... values) {
            return new Fake(name, priority, true, "answer", List.of(values));
        }

        @Override
        public Duration timeout() {
            return Duration.ofMillis(200);
        }

        @Override
        public boolean serves(String key) {
            return true;
        }

        @Override
        public Uni<ProviderResult> fetch(ResolveQuery query) {
            return switch (behaviour) {
                case "hang" -> Uni.createFrom().nothing();
                case "fail" -> Uni.createFrom().failure(new IllegalStateException("source down"));
                case "throw" -> throw new IllegalStateException("bug in provider");
                default -> {
                    ProviderResult.Builder result = new ProviderResult.Builder();
                    for (String value : values) {
                        String[] parts = value.split(":", 2);
                        Scope scope = Scope.valueOf(parts[0]);
                        result.add("k", new Contribution(name, priority, scope, scope == Scope.GLOBAL ? "global" : "x", 5,
                                json(parts[1])));
                    }
                    yield Uni.createFrom().item(result.build());
                }
            };
        }
    }

    static Stream<Arguments> merges() {
        return Stream.of(
                Arguments.of("one provider: more specific scope wins, objects deep-merge",
                        List.of(Fake.of("a", 5, "GLOBAL:{\"x\":1,\"o\":{\"p\":1,\"q\":1}}", "DIVISION:{\"o\":{\"q\":2}}",
                                "PROJECT:{\"x\":3}")),
                        "{\"x\":3,\"o\":{\"p\":1,\"q\":2}}"),
                Arguments.of("two providers: the higher priority wins a conflict, even from a general scope",
                        List.of(Fake.of("low", 3, "PROJECT:{\"x\":\"low\",\"l\":1}"),
                                Fake.of("high", 9, "GLOBAL:{\"x\":\"high\",\"h\":1}")),
                        "{\"x\":\"high\",\"l\":1,\"h\":1}"),
                Arguments.of("scope chain applies within each provider before providers merge",
                        List.of(Fake.of("low", 1, "GLOBAL:{\"x\":1}", "PROJECT:{\"x\":2,\"y\":2}"),
                                Fake.of("high", 2, "GLOBAL:{\"y\":9}", "DIVISION:{\"z\":{\"n\":1}}")),
                        "{\"x\":2,\"y\":9,\"z\":{\"n\":1}}"),
                Arguments.of("a scalar replaces an object and arrays are replaced whole",
                        List.of(Fake.of("a", 5, "GLOBAL:{\"x\":{\"deep\":1},\"list\":[1,2]}", "PROJECT:{\"x\":0,\"list\":[3]}")),
                        "{\"x\":0,\"list\":[3]}"),
                Arguments.of("a disabled provider is not consulted",
                        List.of(Fake.of("a", 5, "GLOBAL:{\"x\":1}"),
                                new Fake("off", 9, false, "answer", List.of("GLOBAL:{\"x\":2}"))),
                        "{\"x\":1}"),
                Arguments.of("failing, throwing and hanging providers contribute nothing",
                        List.of(Fake.of("a", 1, "GLOBAL:{\"x\":1}"), new Fake("f", 9, true, "fail", List.of()),
                                new Fake("t", 8, true, "throw", List.of()), new Fake("h", 7, true, "hang", List.of())),
                        "{\"x\":1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void mergesAcrossScopesAndProviders(String name, List<ContextProvider> providers, String expected) {
        ResolvedContext resolved = resolve(providers);
        assertThat(resolved.entries().get("k").value()).isEqualTo(json(expected));
    }

    @Test
    void contributionsAreListedHighestProviderPriorityFirstThenScopeOrder() {
        ResolvedContext resolved = resolve(List.of(Fake.of("low", 1, "GLOBAL:{}", "PROJECT:{}"), Fake.of("high", 9, "GLOBAL:{}")));
        assertThat(resolved.entries().get("k").contributions()).extracting(c -> c.provider() + "@" + c.scope())
                .containsExactly("high@GLOBAL", "low@GLOBAL", "low@PROJECT");
        assertThat(resolved.providersConsulted()).containsExactly("high", "low");
    }

    @Test
    void aHangingProviderIsReportedAsTimedOutAndTheOthersAnswer() {
        ResolvedContext resolved = resolve(List.of(Fake.of("a", 1, "GLOBAL:{\"x\":1}"),
                new Fake("slow", 9, true, "hang", List.of()), new Fake("broken", 8, true, "fail", List.of())));
        assertThat(resolved.providersFailed()).containsExactly("slow", "broken");
        assertThat(resolved.providerErrors().get("slow")).startsWith("timed out");
        assertThat(resolved.providerErrors().get("broken")).contains("source down");
        assertThat(resolved.entries().get("k").value()).isEqualTo(json("{\"x\":1}"));
    }

    @Test
    void noProviderAnswersMeansNoEntry() {
        ResolvedContext resolved = resolve(List.of(new Fake("h", 1, true, "hang", List.of())));
        assertThat(resolved.entries()).isEmpty();
        assertThat(resolved.scopeChain()).isEqualTo(CHAIN);
    }

    private static ResolvedContext resolve(List<ContextProvider> providers) {
        return new ContextOrchestrator(new ArrayList<>(providers))
                .resolve(new ResolveQuery("t", List.of("k"), CHAIN, CALLER))
                .await().atMost(Duration.ofSeconds(30));
    }

}
