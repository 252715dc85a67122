package dev.agentplatform.context.provider;

import dev.agentplatform.context.config.ContextConfig;
import java.time.Duration;

/**
 * A provider whose name is fixed and whose enabled flag, priority and timeout come from its config
 * group. Subclasses are {@code @Singleton} beans: they need no client proxy, and a proxy would need
 * a no-args constructor this class does not have.
 */
public abstract class ConfiguredProvider implements ContextProvider {

    private final String name;
    private final ContextConfig.ProviderSettings settings;

    protected ConfiguredProvider(String name, ContextConfig.ProviderSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return settings.priority();
    }

    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    @Override
    public Duration timeout() {
        return settings.timeout();
    }
}
