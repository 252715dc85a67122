package dev.agentplatform.gateway;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps the spans of tests that turn tracing on (see {@link JobTracingTest}); the OpenTelemetry
 * extension exports to every {@code SpanExporter} bean. With the SDK off (the test default) it stays empty.
 */
public class TestSpans {

    @Produces
    @Singleton
    @Unremovable
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
