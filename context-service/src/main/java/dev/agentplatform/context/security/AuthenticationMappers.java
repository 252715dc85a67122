package dev.agentplatform.context.security;

import dev.agentplatform.common.problem.Problem;
import dev.agentplatform.common.problem.ProblemType;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** An invalid, expired or wrongly signed token answers 401 as a problem document. */
public class AuthenticationMappers {

    @ServerExceptionMapper(priority = 1)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        Problem body = new Problem(ProblemType.UNAUTHORIZED.uri(), ProblemType.UNAUTHORIZED.title(), 401,
                "the bearer token is not valid", uri.getRequestUri().getRawPath(), null, Map.of());
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer").entity(body).build();
    }
}
