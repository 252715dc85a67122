package dev.agentplatform.gateway.security;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified token whose claims are looked up once: {@link VerifiedTokenCache} hands the same
 * token to every request that carries it, and smallrye-jwt answers every lookup of a claim that
 * is not one of the standard ones (the gateway's {@code tenant}) by first trying, and failing,
 * to parse its name as a standard claim, an exception with a stack trace each time. A verified
 * token's claims never change, so the first answer for a name is kept, and so are its groups and
 * name, which every request asks for. Everything else is the token's own answer.
 */
final class RememberedClaims implements JsonWebToken {

    private final JsonWebToken token;
    private final Map<String, Optional<Object>> claims = new ConcurrentHashMap<>();
    /** The token's groups and name, as it first answered them (null until asked). */
    private volatile Optional<Set<String>> groups;
    private volatile Optional<String> name;

    RememberedClaims(JsonWebToken token) {
        this.token = token;
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getClaim(String name) {
        if (name == null) {
            return token.getClaim(name);
        }
        return (T) claims.computeIfAbsent(name, n -> Optional.ofNullable(token.getClaim(n))).orElse(null);
    }

    @Override
    public String getName() {
        Optional<String> known = name;
        if (known == null) {
            name = known = Optional.ofNullable(token.getName());
        }
        return known.orElse(null);
    }

    @Override
    public Set<String> getClaimNames() {
        return token.getClaimNames();
    }

    /** Asked on every request (the roles of its security identity); read from the claims once. */
    @Override
    public Set<String> getGroups() {
        Optional<Set<String>> known = groups;
        if (known == null) {
            Set<String> answer = token.getGroups();
            groups = known = Optional.ofNullable(answer == null ? null : Collections.unmodifiableSet(new HashSet<>(answer)));
        }
        return known.orElse(null);
    }

    @Override
    public Set<String> getAudience() {
        return token.getAudience();
    }

    @Override
    public boolean implies(Subject subject) {
        return token.implies(subject);
    }

    @Override
    public String toString() {
        return token.toString();
    }
}
