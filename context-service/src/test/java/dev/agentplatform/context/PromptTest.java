package dev.agentplatform.context;

import static dev.agentplatform.context.support.Api.admin;
import static dev.agentplatform.context.support.Api.put;
import static dev.agentplatform.context.support.Api.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import dev.agentplatform.context.support.JwtTestResource;
import dev.agentplatform.context.support.SourcesTestResource;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(SourcesTestResource.class)
class PromptTest {

    private static ValidatableResponse prompt(String t, String body) {
        return admin(t).contentType(ContentType.JSON).body(body).post("/v1/tenants/{t}/context/prompt", t).then();
    }

    private static String seeded() {
        String t = tenant();
        put(t, "global/global/style", "{\"value\":{\"tone\":\"formal\"},\"priority\":9}");
        put(t, "project/p1/style", "{\"value\":{\"language\":\"en\"},\"priority\":9}");
        put(t, "global/global/trivia", "{\"value\":{\"fact\":\"" + "z".repeat(300) + "\"},\"priority\":2}");
        return t;
    }

    @Test
    void appendAddsAContextSectionAtTheEnd() {
        String t = seeded();
        String text = prompt(t, "{\"basePrompt\":\"Summarise the report.\",\"keys\":[\"style\",\"trivia\"],"
                + "\"scope\":{\"project\":\"p1\"},\"strategy\":\"append\",\"maxChars\":5000}")
                .statusCode(200).body("included", contains("style", "trivia")).body("cut", empty())
                .body("prompt", startsWith("Summarise the report.\n\n--- Enterprise Context ---\n"))
                .extract().path("prompt");
        assertThat(text).contains("\"tone\" : \"formal\"").contains("\"language\" : \"en\"").contains("zzz");
        assertThat(text.indexOf("style:")).isLessThan(text.indexOf("trivia:"));
    }

    @Test
    void injectReplacesThePlaceholder() {
        String t = seeded();
        String text = prompt(t, "{\"basePrompt\":\"Context:{{context}}\\nNow answer.\",\"keys\":[\"style\"],"
                + "\"strategy\":\"inject\",\"maxChars\":5000}")
                .statusCode(200).body("prompt", startsWith("Context:\nstyle:")).extract().path("prompt");
        assertThat(text).endsWith("\nNow answer.").doesNotContain("{{context}}");
        prompt(t, "{\"basePrompt\":\"No placeholder\",\"keys\":[\"style\"],\"strategy\":\"inject\",\"maxChars\":100}")
                .statusCode(400).body("detail", containsString("placeholder"));
    }

    @Test
    void templateRendersTheTenantsQuteTemplate() {
        String t = seeded();
        put(t, "global/global/tpl", "{\"value\":{\"template\":\"{basePrompt} Use a {context.style.tone} tone in "
                + "{context.style.language}.{#if context.trivia} Fact: yes.{/if}\"}}");
        prompt(t, "{\"basePrompt\":\"Write.\",\"keys\":[\"style\",\"trivia\"],\"scope\":{\"project\":\"p1\"},"
                + "\"strategy\":\"template\",\"templateKey\":\"tpl\",\"maxChars\":5000}")
                .statusCode(200).body("prompt", equalTo("Write. Use a formal tone in en. Fact: yes."));
    }

    @Test
    void aBadTemplateIs400WithTheTemplateError() {
        String t = seeded();
        put(t, "global/global/broken", "{\"value\":{\"template\":\"{#if context.style}unclosed\"}}");
        prompt(t, "{\"basePrompt\":\"x\",\"keys\":[\"style\"],\"strategy\":\"template\",\"templateKey\":\"broken\",\"maxChars\":100}")
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("template"));
        put(t, "global/global/missing", "{\"value\":{\"template\":\"{context.nothing.here}\"}}");
        prompt(t, "{\"basePrompt\":\"x\",\"keys\":[\"style\"],\"strategy\":\"template\",\"templateKey\":\"missing\",\"maxChars\":100}")
                .statusCode(400).body("detail", containsString("template"));
        prompt(t, "{\"basePrompt\":\"x\",\"keys\":[\"style\"],\"strategy\":\"template\",\"templateKey\":\"absent\",\"maxChars\":100}")
                .statusCode(400);
        prompt(t, "{\"basePrompt\":\"x\",\"keys\":[\"style\"],\"strategy\":\"sideways\",\"maxChars\":100}")
                .statusCode(400);
    }

    @Test
    void theBoundDropsTheLeastImportantKeysFirstAndReportsThem() {
        String t = seeded();
        prompt(t, "{\"basePrompt\":\"Summarise.\",\"keys\":[\"trivia\",\"style\"],\"scope\":{\"project\":\"p1\"},"
                + "\"strategy\":\"append\",\"maxChars\":150}")
                .statusCode(200).body("length", lessThanOrEqualTo(150))
                .body("included", contains("style")).body("cut", hasSize(1))
                .body("cut[0].what", equalTo("key")).body("cut[0].key", equalTo("trivia"))
                .body("prompt", containsString("formal"));
    }

    @Test
    void theBoundTruncatesTheTailWhenNothingElseCanGoAndNeverIsExceeded() {
        String t = seeded();
        for (String strategy : new String[] {"append", "inject"}) {
            String text = prompt(t, "{\"basePrompt\":\"" + "b".repeat(200) + "{{context}}\",\"keys\":[\"style\",\"trivia\"],"
                    + "\"strategy\":\"" + strategy + "\",\"maxChars\":40}")
                    .statusCode(200).body("length", equalTo(40)).body("included", empty())
                    .body("cut.key", contains("trivia", "style", null)).body("cut[2].what", equalTo("tail"))
                    .extract().path("prompt");
            assertThat(text).hasSize(40);
        }
        put(t, "global/global/tpl", "{\"value\":{\"template\":\"{basePrompt}{#for k in keys} {k}{/for}{#if context.trivia} T{/if}\"}}");
        prompt(t, "{\"basePrompt\":\"" + "b".repeat(30) + "\",\"keys\":[\"style\",\"trivia\"],"
                + "\"strategy\":\"template\",\"templateKey\":\"tpl\",\"maxChars\":36}")
                .statusCode(200).body("prompt", equalTo("b".repeat(30) + " style")).body("cut.key", contains("trivia"));
    }
}
