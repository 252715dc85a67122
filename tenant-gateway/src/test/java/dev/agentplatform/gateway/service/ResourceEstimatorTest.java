package dev.agentplatform.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.events.ResourceReservation;
import dev.agentplatform.gateway.Complexity;
import dev.agentplatform.gateway.ModelSize;
import dev.agentplatform.gateway.config.GatewayConfig;
import java.lang.reflect.Proxy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceEstimatorTest {

    @ParameterizedTest(name = "{0}/{1} -> {2} MB, {3} cores, {4} s")
    @CsvSource({
            "LOW,    SMALL,  256, 0.5,  30",
            "MEDIUM, MEDIUM, 256, 0.5,  30",
            "HIGH,   MEDIUM, 512, 0.75, 60",
            "MEDIUM, LARGE,  384, 0.6,  30",
            "HIGH,   LARGE,  768, 0.9,  60",
    })
    void appliesTheArchitectureMultipliers(Complexity complexity, ModelSize size, int memoryMb, double cpu, int seconds) {
        ResourceReservation reservation = new ResourceEstimator(config()).estimate(complexity, size);
        assertThat(reservation).isEqualTo(new ResourceReservation(memoryMb, cpu, seconds));
    }

    /** The defaults of {@link GatewayConfig.Estimates}, without starting Quarkus. */
    private static GatewayConfig config() {
        GatewayConfig.Estimates estimates = new GatewayConfig.Estimates() {
            public int baseMemoryMb() {
                return 256;
            }

            public double baseCpuCores() {
                return 0.5;
            }

            public int baseDurationSeconds() {
                return 30;
            }
        };
        return (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("estimates")) {
                        return estimates;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
