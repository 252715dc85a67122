package dev.agentplatform.common.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Installs the {@link TenantLabelLimit} in every service's meter registry. */
@Singleton
public class MetricsSetup {

    private final TenantLabelLimit limit;

    /** @param maxTenants distinct tenants with their own series per process; later ones share {@code _overflow} */
    public MetricsSetup(@ConfigProperty(name = "platform.metrics.max-tenants", defaultValue = "1000") int maxTenants) {
        this.limit = new TenantLabelLimit(maxTenants);
    }

    @Produces
    @Singleton
    MeterFilter tenantLabelLimit() {
        return limit;
    }

    @Produces
    @Singleton
    MeterBinder tenantLabelLimitMeters() {
        return limit::bindTo;
    }
}
