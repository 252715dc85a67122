package dev.agentplatform.context.security;

import dev.agentplatform.common.security.Caller;
import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.context.config.ContextConfig;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, from its verified JWT. Authentication is lazy (not
 * proactive) so that a missing or invalid token reaches the problem mappers and answers
 * {@code application/problem+json} like every other error.
 */
@ApplicationScoped
public class CallerResolver {

    private final CurrentIdentityAssociation identities;
    private final ContextConfig config;

    public CallerResolver(CurrentIdentityAssociation identities, ContextConfig config) {
        this.identities = identities;
        this.config = config;
    }

    public Uni<Caller> current() {
        return identities.getDeferredIdentity().map(this::caller);
    }

    private Caller caller(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw unauthorized("a bearer token is required");
        }
        String tenant = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(config.auth().tenantClaim()) : null;
        return new Caller(identity.getPrincipal().getName(), tenant, identity.getRoles());
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, detail, Map.of(), Map.of("WWW-Authenticate", "Bearer"), null);
    }
}
