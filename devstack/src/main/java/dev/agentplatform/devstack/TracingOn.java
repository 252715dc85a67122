package dev.agentplatform.devstack;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Test profile for the tests that prove tracing: the services keep the OpenTelemetry SDK off in
 * tests; this turns it on and exports finished spans within 50 ms to the service's in-memory
 * exporter bean, nothing over OTLP ({@code @TestProfile(TracingOn.class)}).
 */
public class TracingOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "50ms");
    }
}
