package dev.agentplatform.worker.agent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every agent bean, by id. */
@ApplicationScoped
public class AgentRegistry {

    private final Map<String, Agent> agents = new TreeMap<>();

    public AgentRegistry(Instance<Agent> beans) {
        for (Agent agent : beans) {
            Agent previous = agents.put(agent.id(), agent);
            if (previous != null) {
                throw new IllegalStateException("two agents claim id " + agent.id());
            }
        }
    }

    public Optional<Agent> find(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    public Collection<Agent> all() {
        return agents.values();
    }
}
