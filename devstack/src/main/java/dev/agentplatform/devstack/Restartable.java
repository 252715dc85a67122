package dev.agentplatform.devstack;

/** Something a test can crash and bring back on the same address. */
interface Restartable {

    void stop();

    void restart();
}
