package dev.agentplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The cache in front of token verification never answers for a token the verifier would reject. */
class VerifiedTokenCacheTest {

    private static final long T0 = 1_700_000_000_000L;

    private final AtomicLong now = new AtomicLong(T0);
    private final Verifier verifier = new Verifier();

    /** Accepts tokens "ok:<exp seconds>[:<iat seconds>]", rejects everything else, and counts its calls. */
    private static final class Verifier extends DefaultJWTParser {
        final List<String> calls = new ArrayList<>();
        final List<Token> issued = new ArrayList<>();

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls.add(token);
            String[] parts = token.split(":");
            if (!parts[0].equals("ok")) {
                throw new ParseException("rejected");
            }
            Map<String, Object> claims = new HashMap<>();
            claims.put("exp", Long.parseLong(parts[1]));
            claims.put("groups", Set.of("submitter"));
            if (parts.length > 2) {
                claims.put("iat", Long.parseLong(parts[2]));
            }
            Token issuedToken = new Token(claims);
            issued.add(issuedToken);
            return issuedToken;
        }
    }

    private record Token(Map<String, Object> claims, List<String> lookups) implements JsonWebToken {
        Token(Map<String, Object> claims) {
            this(claims, new ArrayList<>());
        }

        @Override
        public String getName() {
            return "x";
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String name) {
            lookups.add(name);
            return (T) claims.get(name);
        }
    }

    private VerifiedTokenCache cache(int entries, Long tokenAge) {
        return new VerifiedTokenCache(verifier, tokenAge, entries, Duration.ofMinutes(5), now::get);
    }

    private static String valid(long secondsFromT0) {
        return "ok:" + (T0 / 1000 + secondsFromT0);
    }

    @Test
    void theSameTokenIsVerifiedOnceWhileItIsValid() throws Exception {
        VerifiedTokenCache cache = cache(16, null);
        String token = valid(3600);
        JsonWebToken first = cache.parse(token);
        now.addAndGet(60_000);
        assertThat(cache.parse(token)).isSameAs(first);
        assertThat(verifier.calls).containsExactly(token);
    }

    @Test
    void aCachedTokenLooksEachClaimUpOnceAndAnswersAsTheVerifiedTokenDoes() throws Exception {
        VerifiedTokenCache cache = cache(16, null);
        String token = valid(3600);
        for (int i = 0; i < 3; i++) {
            JsonWebToken parsed = cache.parse(token);
            assertThat(parsed.getExpirationTime()).isEqualTo(T0 / 1000 + 3600);
            assertThat((Object) parsed.getClaim("tenant")).isNull();
            assertThat(parsed.getName()).isEqualTo("x");
            assertThat(parsed.getGroups()).containsExactly("submitter");
        }
        Token verified = verifier.issued.get(0);
        assertThat(verified.lookups()).containsExactly("exp", "tenant", "groups");
    }

    @Test
    void fromItsExpiryATokenIsVerifiedAgainSoTheVerifierDecides() throws Exception {
        VerifiedTokenCache cache = cache(16, null);
        String token = valid(10);
        cache.parse(token);
        now.set(T0 + 9_999);
        cache.parse(token);
        assertThat(verifier.calls).hasSize(1);
        now.set(T0 + 10_000);
        cache.parse(token);
        assertThat(verifier.calls).hasSize(2);
    }

    @Test
    void entriesLiveNoLongerThanTheMaximumAgeNorTheConfiguredTokenAge() throws Exception {
        VerifiedTokenCache cache = cache(16, null);
        String token = valid(3600);
        cache.parse(token);
        now.set(T0 + Duration.ofMinutes(5).toMillis());
        cache.parse(token);
        assertThat(verifier.calls).hasSize(2);

        VerifiedTokenCache aged = cache(16, 30L);
        String issued = valid(3600) + ":" + T0 / 1000;
        aged.parse(issued);
        now.set(T0 + Duration.ofMinutes(5).toMillis() + 29_000);
        aged.parse(issued);
        assertThat(verifier.calls).hasSize(4); // issued 5 min before: older than 30 s, so never cached
    }

    @Test
    void rejectionsAreNeverRememberedAndAnyChangeIsAnotherToken() throws Exception {
        VerifiedTokenCache cache = cache(16, null);
        String token = valid(3600);
        cache.parse(token);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.parse("tampered" + token)).isInstanceOf(ParseException.class);
        }
        assertThat(verifier.calls).containsExactly(token, "tampered" + token, "tampered" + token);
    }

    @Test
    void theCacheIsBoundedAndCanBeTurnedOff() throws Exception {
        VerifiedTokenCache cache = cache(8, null);
        for (int i = 0; i < 100; i++) {
            cache.parse(valid(3600 + i));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(8);

        VerifiedTokenCache off = cache(0, null);
        verifier.calls.clear();
        off.parse(valid(3600));
        off.parse(valid(3600));
        assertThat(verifier.calls).hasSize(2);
    }
}
