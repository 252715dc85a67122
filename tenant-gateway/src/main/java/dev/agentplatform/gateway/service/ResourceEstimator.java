package dev.agentplatform.gateway.service;

import dev.agentplatform.events.ResourceReservation;
import dev.agentplatform.gateway.Complexity;
import dev.agentplatform.gateway.ModelSize;
import dev.agentplatform.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Estimates what a job will need from its complexity and model size (ARCHITECTURE.md: high
 * complexity doubles memory and duration and takes 1.5x CPU; a large model takes 1.5x memory and
 * 1.2x CPU). Low complexity and small models take the base figures.
 */
@ApplicationScoped
public class ResourceEstimator {

    private final GatewayConfig.Estimates base;

    public ResourceEstimator(GatewayConfig config) {
        this.base = config.estimates();
    }

    public ResourceReservation estimate(Complexity complexity, ModelSize modelSize) {
        double memory = base.baseMemoryMb();
        double cpu = base.baseCpuCores();
        double duration = base.baseDurationSeconds();
        if (complexity == Complexity.HIGH) {
            memory *= 2;
            cpu *= 1.5;
            duration *= 2;
        }
        if (modelSize == ModelSize.LARGE) {
            memory *= 1.5;
            cpu *= 1.2;
        }
        return new ResourceReservation((int) Math.ceil(memory), Math.round(cpu * 100) / 100.0, (int) Math.ceil(duration));
    }
}
