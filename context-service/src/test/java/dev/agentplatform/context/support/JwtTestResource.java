package dev.agentplatform.context.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * A key pair generated for this test run: the public key verifies tokens in the application, the
 * private key (in a temporary file whose path is a system property, so tests in any class loader
 * find it) signs the tokens {@link Tokens} mints. No key is ever committed.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://test.agentplatform.dev/issuer";
    static final String PRIVATE_KEY_PROPERTY = "test.jwt.private-key";

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (System.getProperty(PRIVATE_KEY_PROPERTY) == null) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Path dir = Files.createTempDirectory("context-jwt");
                Path publicKey = dir.resolve("public.pem");
                Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Path privateKey = dir.resolve("private.pem");
                Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                System.setProperty(PRIVATE_KEY_PROPERTY, privateKey.toString());
                System.setProperty(PRIVATE_KEY_PROPERTY + ".public", publicKey.toString());
            }
            return Map.of("mp.jwt.verify.issuer", ISSUER,
                    "mp.jwt.verify.publickey.location", "file:" + System.getProperty(PRIVATE_KEY_PROPERTY + ".public"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void stop() {
    }
}
