package dev.agentplatform.gateway.rest;

import dev.agentplatform.common.security.Caller;
import dev.agentplatform.common.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The verified token of the current request as a {@link Caller}. */
@RequestScoped
public class CallerResolver {

    private final JsonWebToken token;

    public CallerResolver(JsonWebToken token) {
        this.token = token;
    }

    public Caller caller() {
        Object tenant = token.getClaim(Roles.TENANT_CLAIM);
        return new Caller(token.getSubject(), tenant == null ? null : tenant.toString(), token.getGroups());
    }
}
