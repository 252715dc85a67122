package dev.agentplatform.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Asks the OS for a port that is free right now on the loopback interface. */
public final class FreePort {

    private FreePort() {
    }

    /**
     * A port nobody listens on at the moment of the call. Another process could still take it
     * before the caller binds, which is acceptable for tests and the local stack.
     */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port available", e);
        }
    }
}
