package dev.agentplatform.context;

import static dev.agentplatform.context.support.Api.as;
import static dev.agentplatform.context.support.Api.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.context.support.JwtTestResource;
import dev.agentplatform.context.support.SourcesTestResource;
import dev.agentplatform.context.support.Tokens;
import dev.agentplatform.devstack.RedisTestResource;
import dev.agentplatform.devstack.TracingOn;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, a resolve continues its caller's trace and its span names the providers it
 * consulted and those that failed.
 */
@QuarkusTest
@TestProfile(TracingOn.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(SourcesTestResource.class)
class ResolveTracingTest {

    private static final String TRACE = "5bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "10f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aResolveSpanContinuesTheCallersTraceAndNamesConsultedAndFailedProviders() {
        String t = "noslo-" + UUID.randomUUID().toString().substring(0, 8);
        put(t, "global/global/operational", "{\"value\":{\"note\":\"kept\"}}");
        as(Tokens.of(t, "viewer")).header("traceparent", "00-" + TRACE + "-" + CALLER_SPAN + "-01")
                .queryParam("keys", "operational,policy").get("/v1/tenants/{t}/context/resolve", t)
                .then().statusCode(200);

        SpanData[] found = new SpanData[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            found[0] = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("context resolve") && s.getTraceId().equals(TRACE))
                    .findFirst().orElse(null);
            assertThat(found[0]).isNotNull();
        });
        SpanData resolve = found[0];
        assertThat(resolve.getAttributes().get(AttributeKey.stringKey("tenant.id"))).isEqualTo(t);
        assertThat(resolve.getAttributes().get(AttributeKey.stringArrayKey("context.providers_consulted")))
                .contains("operational", "policy");
        assertThat(resolve.getAttributes().get(AttributeKey.stringArrayKey("context.providers_failed")))
                .containsExactly("operational");
        assertThat(resolve.getEvents()).extracting(EventData::getName).containsExactly("provider failed");
        assertThat(resolve.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("error.message")))
                .contains("404");
        SpanData server = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getSpanId().equals(resolve.getParentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("the resolve span's parent was not exported"));
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
    }
}
