package dev.agentplatform.gateway.rest;

import dev.agentplatform.common.problem.Problem;
import dev.agentplatform.common.problem.ProblemType;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Authentication and authorization failures as problem+json, with the Bearer challenge on 401. */
public class SecurityProblems {

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri, "a valid bearer token is required");
    }

    @ServerExceptionMapper(priority = 1)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri, "the bearer token is not valid (signature, issuer or expiry)");
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ProblemType.FORBIDDEN, "the token does not allow this", uri).build();
    }

    private static Response unauthenticated(UriInfo uri, String detail) {
        return respond(ProblemType.UNAUTHORIZED, detail, uri).header("WWW-Authenticate", "Bearer").build();
    }

    private static Response.ResponseBuilder respond(ProblemType type, String detail, UriInfo uri) {
        Problem body = new Problem(type.uri(), type.title(), type.status(), detail,
                uri == null ? null : uri.getRequestUri().getRawPath(), null, Map.of());
        return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(body);
    }
}
