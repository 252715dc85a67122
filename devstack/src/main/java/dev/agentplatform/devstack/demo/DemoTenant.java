package dev.agentplatform.devstack.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tenant the demo registers: its id (unique per run, so a second run starts from clean SLO
 * windows), its role in the story, its registration and its development token.
 */
record DemoTenant(String id, String role, String isolation, ObjectNode spec, String token, TenantStats stats) {
}
