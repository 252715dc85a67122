package dev.agentplatform.context.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the context service. */
@ConfigMapping(prefix = "context")
public interface ContextConfig {

    /** How long a request waits for Redis before answering 503. */
    @WithDefault("2s")
    Duration redisTimeout();

    /** Seconds a client is told to wait (Retry-After) when Redis is unavailable. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** Largest accepted entry value, in bytes of its JSON text; larger writes answer 413. */
    @WithDefault("65536")
    int maxEntryBytes();

    /** Authentication and tenant isolation. */
    Auth auth();

    /** Cache invalidation across replicas. */
    Invalidation invalidation();

    /** The context providers. */
    Providers providers();

    /** Prompt building. */
    Prompt prompt();

    interface Auth {
        /** The token claim that names the caller's tenant. */
        @WithDefault("tenant")
        String tenantClaim();
    }

    interface Invalidation {
        /** The Redis pub/sub channel on which writes announce the cache keys they changed. */
        @WithDefault("context-invalidations")
        String channel();

        /** How long to wait before reconnecting a broken subscription. */
        @WithDefault("1s")
        Duration reconnectDelay();
    }

    interface Providers {
        /** The tenant's own entries in Redis. */
        Stored stored();

        /** Base policies from a file, tenant overrides, role overrides. */
        Policy policy();

        /** Market, financial and regulatory context from files or HTTP endpoints. */
        Business business();

        /** Live state of the tenant from monitoring-service. */
        Operational operational();
    }

    /** What every provider's group configures: whether it is consulted, its merge priority, its timeout. */
    interface ProviderSettings {
        boolean enabled();

        int priority();

        Duration timeout();
    }

    interface Stored extends ProviderSettings {
        /** Whether the provider is consulted. */
        @WithDefault("true")
        boolean enabled();

        /** Merge priority among providers: a higher priority wins on conflicting members. */
        @WithDefault("5")
        int priority();

        /** How long a resolve waits for this provider before reporting it as timed out. */
        @WithDefault("1s")
        Duration timeout();

        /** How long a replica keeps an entry it read (writes invalidate it on every replica). */
        @WithDefault("60s")
        Duration cacheTtl();

        /** Most entries a replica keeps cached. */
        @WithDefault("100000")
        int cacheSize();
    }

    interface Policy extends ProviderSettings {
        /** Whether the provider is consulted. */
        @WithDefault("true")
        boolean enabled();

        /** Merge priority among providers: governance wins over the tenant's own entries. */
        @WithDefault("10")
        int priority();

        /** How long a resolve waits for this provider. */
        @WithDefault("1s")
        Duration timeout();

        /** How long base policies and tenant overrides are cached (the seed's 30 minutes). */
        @WithDefault("30m")
        Duration cacheTtl();

        /** The keys this provider answers. */
        @WithDefault("policy")
        List<String> keys();

        /** A file with the base policies; the bundled {@code policies.json} when absent. */
        Optional<String> file();
    }

    interface Business extends ProviderSettings {
        /** Whether the provider is consulted. */
        @WithDefault("true")
        boolean enabled();

        /** Merge priority among providers. */
        @WithDefault("3")
        int priority();

        /** How long a resolve waits for this provider. */
        @WithDefault("2s")
        Duration timeout();

        /** How long a source's document is cached. */
        @WithDefault("5m")
        Duration cacheTtl();

        /** The keys this provider answers. */
        @WithDefault("market_conditions,financial_constraints,regulatory_environment")
        List<String> keys();

        /** A directory holding {@code <key>.json} documents, and {@code <tenant>/<key>.json} per tenant. */
        Optional<String> directory();

        /** HTTP endpoints per key, answering the key's JSON document; {@code {tenant}} is replaced. */
        Map<String, String> endpoints();
    }

    interface Operational extends ProviderSettings {
        /** Whether the provider is consulted. */
        @WithDefault("true")
        boolean enabled();

        /** Merge priority among providers. */
        @WithDefault("7")
        int priority();

        /** How long a resolve waits for this provider. */
        @WithDefault("1s")
        Duration timeout();

        /** How long a tenant's live state is cached: short, it is live. */
        @WithDefault("5s")
        Duration cacheTtl();

        /** The keys this provider answers. */
        @WithDefault("operational")
        List<String> keys();

        /** Base URL of monitoring-service. */
        @WithDefault("http://localhost:8082")
        URI monitoringUrl();
    }

    interface Prompt {
        /** The placeholder the {@code inject} strategy replaces. */
        @WithDefault("{{context}}")
        String placeholder();

        /** The largest size bound a request may ask for, in characters. */
        @WithDefault("200000")
        int maxChars();
    }
}
