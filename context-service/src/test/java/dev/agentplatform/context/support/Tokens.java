package dev.agentplatform.context.support;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/** Bearer tokens signed with the key pair of {@link JwtTestResource}. */
public final class Tokens {

    private Tokens() {
    }

    /** A token of a tenant member with the given roles. */
    public static String of(String tenant, String... roles) {
        return "Bearer " + Jwt.issuer(JwtTestResource.ISSUER).subject("user-of-" + tenant).groups(Set.of(roles))
                .claim("tenant", tenant).expiresIn(3600).sign(privateKey());
    }

    /** A platform service token: no tenant claim. */
    public static String service() {
        return "Bearer " + Jwt.issuer(JwtTestResource.ISSUER).subject("execution-worker")
                .groups(Set.of("platform-service")).expiresIn(3600).sign(privateKey());
    }

    /** A well-formed token signed by a key the service does not trust. */
    public static String forged(String tenant) {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return "Bearer " + Jwt.issuer(JwtTestResource.ISSUER).subject("mallory").groups(Set.of("tenant-admin"))
                    .claim("tenant", tenant).expiresIn(3600).sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey() {
        try {
            String pem = Files.readString(Path.of(System.getProperty(JwtTestResource.PRIVATE_KEY_PROPERTY)));
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
