package dev.agentplatform.monitoring.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quota utilization of each tenant's newest admission this process has judged, for the
 * dashboard. In memory only (stream threads write immutable snapshots, requests read them): after
 * a restart a tenant shows none until its next admission.
 */
@ApplicationScoped
public class QuotaSnapshots {

    /** One admission's figures: utilization per quota dimension (0..1, above 1 when over quota). */
    public record Snapshot(Instant at, boolean admitted, Map<String, Double> utilization) {
    }

    private final Map<String, Snapshot> latest = new ConcurrentHashMap<>();

    /** Keeps the admission if it is not older than the one kept. */
    public void record(String tenantId, Instant at, boolean admitted, Map<String, Double> utilization) {
        Snapshot next = new Snapshot(at, admitted, Map.copyOf(utilization));
        latest.merge(tenantId, next, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }

    public Optional<Snapshot> of(String tenantId) {
        return Optional.ofNullable(latest.get(tenantId));
    }

    /** Tenants with a snapshot. */
    public List<String> tenants() {
        return List.copyOf(latest.keySet());
    }
}
