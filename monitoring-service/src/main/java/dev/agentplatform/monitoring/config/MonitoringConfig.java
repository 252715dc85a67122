package dev.agentplatform.monitoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the monitoring service: rule thresholds, SLO targets, per-tenant overrides, webhooks. */
@ConfigMapping(prefix = "monitoring")
public interface MonitoringConfig {

    /** How far behind the latest event time of a tenant an event may be and still count; older events are dropped. */
    @WithDefault("2m")
    Duration allowedLateness();

    /** Re-announce an alert that is still firing after this much event time; unset: announce transitions only. */
    Optional<Duration> repeatInterval();

    /** Threshold-rule and SLO defaults, for every tenant without an override. */
    @WithParentName
    Rules defaults();

    /** Per-tenant overrides, by tenant id; unset keys fall back to the defaults. */
    Map<String, TenantOverrides> tenants();

    /** Delivery of alert transitions to per-tenant webhooks. */
    Webhooks webhooks();

    /** The dashboard served at {@code /}: its in-memory history and recent transitions. */
    Dashboard dashboard();

    interface Rules {
        /** {@code error_rate_high} and {@code response_time_high} look at this many latest executions of a tenant and agent. */
        @WithDefault("10")
        int recentExecutions();

        /** Fewer executions than this in the window never fire the threshold rules on executions. */
        @WithDefault("5")
        int minExecutions();

        /** {@code error_rate_high} fires when the share of failed executions is above this. */
        @WithDefault("0.05")
        double errorRateThreshold();

        /** {@code response_time_high} fires when the average duration is above this. */
        @WithDefault("1000ms")
        Duration responseTimeThreshold();

        /** {@code quota_utilization_high} fires when any quota dimension of an admission is above this ratio. */
        @WithDefault("0.9")
        double quotaUtilizationThreshold();

        /** {@code resource_utilization_high} fires when average CPU used over CPU reserved is above this. */
        @WithDefault("0.8")
        double resourceUtilizationThreshold();

        /** Executions shorter than this do not count for resource utilization (their CPU ratio is noise). */
        @WithDefault("1s")
        Duration resourceMinDuration();

        /** The SLOs. */
        Slo slo();
    }

    interface Slo {
        /** Availability target: share of executions that did not fail or time out. */
        @WithDefault("0.999")
        double availability();

        /** Latency target: share of successful executions at or under the latency threshold. */
        @WithDefault("0.95")
        double latency();

        /** An execution slower than this is bad for the latency SLO. */
        @WithDefault("500ms")
        Duration latencyThreshold();

        /** Success-rate target: share of executions that succeeded. */
        @WithDefault("0.995")
        double successRate();

        /** The SLO period the error budget is counted over. */
        @WithDefault("30d")
        Duration period();

        /** Low-traffic guard: a burn-rate pair fires only with at least this many events in its short window. */
        @WithDefault("20")
        long minEvents();
    }

    interface TenantOverrides {
        /** Overrides {@code monitoring.error-rate-threshold}. */
        Optional<Double> errorRateThreshold();

        /** Overrides {@code monitoring.response-time-threshold}. */
        Optional<Duration> responseTimeThreshold();

        /** Overrides {@code monitoring.quota-utilization-threshold}. */
        Optional<Double> quotaUtilizationThreshold();

        /** Overrides {@code monitoring.resource-utilization-threshold}. */
        Optional<Double> resourceUtilizationThreshold();

        /** Overrides {@code monitoring.slo.availability}. */
        Optional<Double> availability();

        /** Overrides {@code monitoring.slo.latency}. */
        Optional<Double> latency();

        /** Overrides {@code monitoring.slo.latency-threshold}. */
        Optional<Duration> latencyThreshold();

        /** Overrides {@code monitoring.slo.success-rate}. */
        Optional<Double> successRate();

        /** Overrides {@code monitoring.slo.min-events}. */
        Optional<Long> minEvents();

        /** Agents that get SLOs of their own besides the tenant-wide ones. */
        Optional<List<String>> sloAgents();

        /** Where this tenant's alert transitions are POSTed; unset: no webhook. */
        Optional<String> webhookUrl();

        /** Secret for the {@code X-Signature-256} HMAC-SHA256 header; unset: unsigned. */
        Optional<String> webhookSecret();
    }

    interface Webhooks {
        /** Attempts per transition before it is given up (logged and counted). */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the first retry; doubles on each further one. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** Upper bound of the wait between retries. */
        @WithDefault("30s")
        Duration maxBackoff();

        /** Timeout of one delivery attempt. */
        @WithDefault("5s")
        Duration timeout();

        /** Transitions waiting for delivery beyond this are dropped (counted), so a dead receiver cannot eat the heap. */
        @WithDefault("10000")
        int queueCapacity();
    }

    interface Dashboard {
        /** How often each tenant's burn rates and budgets are sampled into the in-memory history. */
        @WithDefault("5s")
        Duration sampleInterval();

        /** Samples kept per tenant (720 at 5 s: one hour); older ones are dropped. */
        @WithDefault("720")
        int historySize();

        /** Tenants sampled at most (in tenant id order); the others show their current figures only. */
        @WithDefault("200")
        int maxTenants();

        /** Alert transitions kept in memory for the dashboard's recent list (all tenants together). */
        @WithDefault("500")
        int recentTransitions();
    }
}
