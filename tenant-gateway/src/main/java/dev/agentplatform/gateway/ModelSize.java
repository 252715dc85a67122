package dev.agentplatform.gateway;

/** Size of the model a job uses; scales its memory and CPU. */
public enum ModelSize {
    SMALL, MEDIUM, LARGE
}
