package dev.agentplatform.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Returns its input unchanged: the simplest real agent, for wiring checks and benchmarks. */
@ApplicationScoped
public class EchoAgent implements Agent {

    private static final ResourceProfile PROFILE = new ResourceProfile(64, 0.1, 1);

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public String description() {
        return "Returns its input unchanged.";
    }

    @Override
    public ResourceProfile resourceProfile() {
        return PROFILE;
    }

    @Override
    public Uni<JsonNode> execute(AgentRun run) {
        return Uni.createFrom().item(run.input() == null ? NullNode.getInstance() : run.input());
    }
}
