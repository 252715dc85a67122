package dev.agentplatform.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * DEVELOPMENT ONLY: mints RS256 bearer tokens signed with the development key pair in
 * {@code dev-keys/} (whose private key is in the repository, so these tokens prove nothing outside
 * a developer's machine). The command refuses to run unless the profile is {@code dev} or
 * {@code test} ({@code -Dplatform.profile} or {@code PLATFORM_PROFILE}).
 *
 * <pre>{@code
 * PLATFORM_PROFILE=dev java -cp devstack.jar dev.agentplatform.devstack.DevTokens acme submitter,viewer
 * }</pre>
 */
public final class DevTokens {

    /** The issuer of development tokens; the gateway's dev/test profiles expect it. */
    public static final String ISSUER = "https://dev.agentplatform.local";
    /** Classpath location of the development public key. */
    public static final String PUBLIC_KEY_RESOURCE = "dev-keys/jwt-public.pem";

    private static final String PRIVATE_KEY_RESOURCE = "/dev-keys/jwt-private.pem";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private DevTokens() {
    }

    /** A token for {@code tenant} (null for none) with {@code roles}, valid for {@code ttl}. */
    public static String mint(String tenant, Collection<String> roles, Duration ttl) {
        return mint("dev-" + (tenant == null ? "operator" : tenant), tenant, roles, ISSUER, ttl);
    }

    public static String mint(String tenant, Collection<String> roles) {
        return mint(tenant, roles, Duration.ofHours(1));
    }

    /** As {@link #mint(String, Collection, Duration)} with every claim given; tests use it for wrong issuers. */
    public static String mint(String subject, String tenant, Collection<String> roles, String issuer, Duration ttl) {
        Instant now = Instant.now();
        StringBuilder claims = new StringBuilder("{")
                .append("\"iss\":").append(quote(issuer))
                .append(",\"sub\":").append(quote(subject))
                .append(",\"upn\":").append(quote(subject))
                .append(",\"jti\":").append(quote(UUID.randomUUID().toString()))
                .append(",\"iat\":").append(now.getEpochSecond())
                .append(",\"exp\":").append(now.plus(ttl).getEpochSecond())
                .append(",\"groups\":[").append(roles.stream().map(DevTokens::quote).collect(Collectors.joining(","))).append("]");
        if (tenant != null) {
            claims.append(",\"tenant\":").append(quote(tenant));
        }
        claims.append("}");
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
    }

    /** {@code DevTokens TENANT ROLES [TTL-MINUTES]}: prints one token; {@code -} as TENANT for none. */
    public static void main(String[] args) {
        String profile = System.getProperty("platform.profile", System.getenv().getOrDefault("PLATFORM_PROFILE", "prod"))
                .toLowerCase(Locale.ROOT);
        if (!profile.equals("dev") && !profile.equals("test")) {
            System.err.println("refused: development tokens are minted only in the dev or test profile (profile is "
                    + profile + ")");
            System.exit(3);
        }
        if (args.length < 2) {
            System.err.println("usage: DevTokens TENANT|- ROLE[,ROLE...] [TTL-MINUTES]   roles: platform-admin, "
                    + "tenant-admin, submitter, viewer");
            System.exit(2);
        }
        String tenant = args[0].equals("-") ? null : args[0];
        Duration ttl = Duration.ofMinutes(args.length > 2 ? Long.parseLong(args[2]) : 480);
        System.out.println(mint(tenant, List.of(args[1].split(",")), ttl));
    }

    private static PrivateKey privateKey() throws GeneralSecurityException {
        try (InputStream in = DevTokens.class.getResourceAsStream(PRIVATE_KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no development key at " + PRIVATE_KEY_RESOURCE);
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
