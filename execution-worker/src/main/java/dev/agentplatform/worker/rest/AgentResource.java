package dev.agentplatform.worker.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplatform.worker.agent.Agent;
import dev.agentplatform.worker.agent.AgentRegistry;
import dev.agentplatform.worker.agent.ResourceProfile;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The catalogue of agents this worker runs. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    /** An agent as the catalogue lists it: what it does, what input it takes, what it needs. */
    public record AgentView(String id, String description, JsonNode inputSchema, ResourceProfile resourceProfile) {

        static AgentView of(Agent agent) {
            return new AgentView(agent.id(), agent.description(), agent.inputSchema(), agent.resourceProfile());
        }
    }

    private final AgentRegistry registry;

    public AgentResource(AgentRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(summary = "List agents", description = "Every agent this worker can run, with its input JSON Schema and resource profile.")
    public List<AgentView> list() {
        return registry.all().stream().map(AgentView::of).toList();
    }
}
