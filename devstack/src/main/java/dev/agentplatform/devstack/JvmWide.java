package dev.agentplatform.devstack;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Coordination that must hold for the whole JVM, not just for one class loader.
 *
 * <p>Quarkus loads test dependencies in a fresh class loader for each test application it boots,
 * so a plain {@code static} singleton in devstack can exist several times in one test JVM. To keep
 * "one broker per JVM", the owner of a shared resource publishes it as an MXBean on the platform
 * MBean server, and later copies use it through a proxy. The lock is an interned string, because
 * interned strings are the same object in every class loader.
 */
final class JvmWide {

    private JvmWide() {
    }

    /** A monitor that is identical for every class loader that asks for the same name. */
    static Object lock(String name) {
        return ("dev.agentplatform.devstack.lock." + name).intern();
    }

    /** The resource another class loader published under {@code name}, or {@code null}. */
    static SharedResourceMXBean lookup(String name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName objectName = objectName(name);
        return server.isRegistered(objectName) ? JMX.newMXBeanProxy(server, objectName, SharedResourceMXBean.class) : null;
    }

    /** Makes a shared resource visible to devstack copies in other class loaders. */
    static void publish(String name, String address, String mode, Restartable restartable) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(
                    new StandardMBean(new Published(address, mode, restartable), SharedResourceMXBean.class, true),
                    objectName(name));
        } catch (JMException e) {
            throw new IllegalStateException("Could not publish shared " + name + " over JMX", e);
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName("dev.agentplatform.devstack:type=Shared,name=" + name);
        } catch (JMException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** Closes {@code resource} when the JVM exits; failures are printed, never thrown. */
    static void closeOnShutdown(String name, AutoCloseable resource) {
        Thread hook = new Thread(() -> closeQuietly(resource), "devstack-shutdown-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("devstack: failed to close " + resource + ": " + e);
        }
    }

    /** Restartable view of a resource published by another class loader. */
    static Restartable remote(SharedResourceMXBean published) {
        return new Restartable() {
            @Override
            public void stop() {
                published.stop();
            }

            @Override
            public void restart() {
                published.restart();
            }
        };
    }

    private record Published(String address, String mode, Restartable restartable) implements SharedResourceMXBean {

        @Override
        public String getAddress() {
            return address;
        }

        @Override
        public String getMode() {
            return mode;
        }

        @Override
        public boolean isRestartable() {
            return restartable != null;
        }

        @Override
        public void stop() {
            requireRestartable().stop();
        }

        @Override
        public void restart() {
            requireRestartable().restart();
        }

        private Restartable requireRestartable() {
            if (restartable == null) {
                throw new UnsupportedOperationException("The shared " + mode + " resource at " + address
                        + " cannot be stopped or restarted");
            }
            return restartable;
        }
    }
}
