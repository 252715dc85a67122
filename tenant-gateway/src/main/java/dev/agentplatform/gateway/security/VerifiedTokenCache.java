package dev.agentplatform.gateway.security;

import dev.agentplatform.gateway.config.GatewayConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import java.security.PrivateKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer-token parser the gateway authenticates with: smallrye-jwt's own, which verifies every
 * token (signature, issuer, expiry, ...), behind a small cache of tokens it has already accepted.
 * A client submits many jobs with one token; verifying its RSA signature and parsing its claims
 * again for each was the largest single cost of a submission.
 *
 * <p>What a hit means: the very same token string (header, claims and signature, byte for byte)
 * was verified before and accepted. A token that was changed in any way is another key, so it is
 * verified from scratch; rejections are never remembered. An entry is used only while the token is
 * certainly still valid: strictly before its {@code exp} (the verifier itself accepts it until
 * {@code exp} plus the allowed clock skew), before {@code iat} plus the maximum token age when one
 * is configured, and for at most {@code gateway.token-cache.max-age} after its verification (which
 * bounds how long a token signed by a key since withdrawn from a JWKS would still be accepted).
 * After that the token goes through the full verification again, which decides as it always did.
 * The cache holds at most {@code gateway.token-cache.max-entries} tokens ({@code 0} turns it off).
 * A token it hands out looks each claim up once ({@link RememberedClaims}).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    private final JWTParser verifier;
    private final Long tokenAgeSeconds;
    private final int maxEntries;
    private final long maxAgeMillis;
    private final LongSupplier clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** A verified token and the instant (epoch ms) from which it is verified afresh. */
    private record Verified(JsonWebToken token, long untilMillis) {
    }

    @Inject
    public VerifiedTokenCache(DefaultJWTParser verifier, JWTAuthContextInfo context, GatewayConfig config) {
        this(verifier, context.getTokenAge(), config.tokenCache().maxEntries(), config.tokenCache().maxAge(),
                System::currentTimeMillis);
    }

    /** With the verifier, the configured maximum token age (seconds, or null) and a clock of its own (tests). */
    public VerifiedTokenCache(JWTParser verifier, Long tokenAgeSeconds, int maxEntries, Duration maxAge, LongSupplier clock) {
        this.verifier = verifier;
        this.tokenAgeSeconds = tokenAgeSeconds;
        this.maxEntries = maxEntries;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (maxEntries <= 0 || token == null) {
            return verifier.parse(token);
        }
        long now = clock.getAsLong();
        Verified hit = verified.get(token);
        if (hit != null) {
            if (now < hit.untilMillis()) {
                return hit.token();
            }
            verified.remove(token, hit);
        }
        JsonWebToken accepted = new RememberedClaims(verifier.parse(token));
        long until = now + maxAgeMillis;
        if (accepted.getExpirationTime() > 0) {
            until = Math.min(until, accepted.getExpirationTime() * 1000);
        } else {
            return accepted; // no expiry to bound the entry by: not cached
        }
        if (tokenAgeSeconds != null) {
            until = accepted.getIssuedAtTime() > 0 ? Math.min(until, (accepted.getIssuedAtTime() + tokenAgeSeconds) * 1000) : now;
        }
        if (now < until) {
            if (verified.size() >= maxEntries) {
                evict(now);
            }
            verified.put(token, new Verified(accepted, until));
        }
        return accepted;
    }

    /** Drops the entries that are no longer usable; if the cache is still full, drops them all. */
    private void evict(long now) {
        verified.values().removeIf(entry -> now >= entry.untilMillis());
        if (verified.size() >= maxEntries) {
            verified.clear();
        }
    }

    /** Tokens held (for tests). */
    int size() {
        return verified.size();
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
