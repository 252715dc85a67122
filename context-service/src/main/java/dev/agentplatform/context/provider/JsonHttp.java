package dev.agentplatform.context.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Non-blocking GET of a JSON document for the HTTP-backed providers; anything but a 200 is a failure. */
@ApplicationScoped
public class JsonHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json;

    public JsonHttp(ObjectMapper json) {
        this.json = json;
    }

    public Uni<JsonNode> get(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> parse(uri, response));
    }

    private JsonNode parse(URI uri, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri.getPath() + " answered " + response.statusCode());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri.getPath() + " did not answer JSON", e);
        }
    }
}
