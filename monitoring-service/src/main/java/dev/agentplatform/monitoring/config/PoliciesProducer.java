package dev.agentplatform.monitoring.config;

import dev.agentplatform.monitoring.service.Policies;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Resolves the configuration into the rules once, for the topology and the queries alike. */
public class PoliciesProducer {

    @Produces
    @Singleton
    Policies policies(MonitoringConfig config) {
        return Policies.from(config);
    }
}
