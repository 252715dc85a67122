package dev.agentplatform.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.opentelemetry.api.trace.Span;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one family of exception mappers: every error any endpoint answers is an
 * {@code application/problem+json} document with a stable type, and never a stack trace.
 *
 * <p>Server errors (5xx) are recorded on the request's span as an exception event; answers to the
 * client's mistakes (4xx) are not, as OpenTelemetry's HTTP conventions have it (a 4xx is not a
 * server span's error). The REST layer's own tracing, which recorded every exception a request
 * threw, 401s and 404s included, each with its whole stack trace, is off
 * ({@code quarkus.otel.instrument.rest=false}): that made a refused request cost the gateway more
 * than an admitted job.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        if (e.type().status() >= 500) {
            LOG.warnf("%s: %s (%s)", e.type(), e.getMessage(), e.getCause() == null ? "-" : e.getCause().toString());
            Span.current().recordException(e);
        }
        Problem body = new Problem(e.type().uri(), e.type().title(), e.type().status(), e.getMessage(),
                path(uri), null, e.extensions());
        Response.ResponseBuilder response = respond(body);
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            violations.add(new Problem.Violation(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        violations.sort(Comparator.comparing(Problem.Violation::field));
        Problem body = new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400,
                violations.size() + " field(s) are not valid", path(uri), violations, Map.of());
        return respond(body).build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String detail = e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                ? "field '" + jsonPath(mismatch) + "' has the wrong type or format"
                : "the body is not well-formed JSON";
        return respond(simple(ProblemType.MALFORMED_BODY, detail, uri)).build();
    }

    /** Replaces Quarkus' built-in mapper for this type, which answers plain JSON. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        ProblemType type = ProblemType.forStatus(status);
        Problem body = new Problem(type.uri(), type.title(), status, e.getMessage(), path(uri), null, Map.of());
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
        copyHeader(e.getResponse(), response, "Allow");
        copyHeader(e.getResponse(), response, "Retry-After");
        copyHeader(e.getResponse(), response, "WWW-Authenticate");
        return response.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.error("unexpected error answering " + path(uri), e);
        Span.current().recordException(e);
        return respond(simple(ProblemType.INTERNAL, "an unexpected error occurred; it has been logged", uri)).build();
    }

    /**
     * A violation's field as a client sees it: {@code agentId} for a body member, {@code tenantId}
     * for a path parameter; the Java method and parameter names of the resource are dropped.
     */
    static String fieldOf(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, CROSS_PARAMETER, RETURN_VALUE -> { }
                default -> nodes.add(node);
            }
        }
        if (nodes.size() > 1 && nodes.get(0).getKind() == jakarta.validation.ElementKind.PARAMETER) {
            nodes.remove(0);
        }
        List<String> names = new ArrayList<>();
        for (Path.Node node : nodes) {
            String name = node.getName() == null ? "" : node.getName();
            names.add(node.getIndex() != null ? name + "[" + node.getIndex() + "]" : name);
        }
        return names.isEmpty() ? "request" : String.join(".", names);
    }

    private static String jsonPath(MismatchedInputException e) {
        List<String> names = new ArrayList<>();
        e.getPath().forEach(ref -> names.add(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]"));
        return String.join(".", names);
    }

    private static Problem simple(ProblemType type, String detail, UriInfo uri) {
        return new Problem(type.uri(), type.title(), type.status(), detail, path(uri), null, Map.of());
    }

    private static Response.ResponseBuilder respond(Problem body) {
        return Response.status(body.status()).type(Problem.MEDIA_TYPE).entity(body);
    }

    private static void copyHeader(Response from, Response.ResponseBuilder to, String name) {
        Object value = from.getHeaders() == null ? null : from.getHeaders().getFirst(name);
        if (value != null) {
            to.header(name, value);
        }
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
