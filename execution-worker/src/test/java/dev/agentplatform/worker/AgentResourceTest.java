package dev.agentplatform.worker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AgentResourceTest extends WorkerTestSupport {

    @Test
    void catalogueListsTheBuiltInAgentsWithSchemasAndResourceProfiles() {
        given().get("/v1/agents").then().statusCode(200)
                .body("id", containsInAnyOrder("chaos", "classify", "echo", "extract", "llm-chat", "summarize"))
                .body("find { it.id == 'summarize' }.inputSchema.required", hasItem("text"))
                .body("find { it.id == 'summarize' }.resourceProfile.memoryMb", equalTo(128))
                .body("find { it.id == 'llm-chat' }.inputSchema.properties.contextStrategy.enum",
                        containsInAnyOrder("append", "inject", "template"))
                .body("find { it.id == 'llm-chat' }.resourceProfile.expectedDurationSeconds", equalTo(20));
    }
}
