package dev.agentplatform.gateway.tenant;

import dev.agentplatform.events.Ids;
import dev.agentplatform.gateway.Quota;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A tenant's registration as a platform admin writes it ({@code PUT /v1/tenants/{tenantId}}).
 * Everything but the name and isolation level is optional; a missing quota figure takes the
 * gateway's default.
 */
public record TenantSpec(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Pattern(regexp = "^(SHARED|NAMESPACE|DEDICATED|PHYSICAL)$",
                message = "must be one of SHARED, NAMESPACE, DEDICATED, PHYSICAL") String isolationLevel,
        @Valid Quota quota,
        @Valid SecurityPolicies securityPolicies,
        @Valid Compliance compliance,
        @Valid Billing billing,
        @Valid SloOverrides sloOverrides) {

    /** Who may do what inside the tenant. */
    public record SecurityPolicies(
            @Size(max = 256) List<@NotNull @Pattern(regexp = Ids.AGENT_ID_PATTERN) String> allowedAgents,
            @Size(max = 64) List<@NotNull @Pattern(regexp = "^[0-9a-fA-F:.]+/\\d{1,3}$",
                    message = "must be a CIDR block") String> ipAllowlist,
            Boolean requireMfa,
            @Min(1) @Max(3650) Integer dataRetentionDays) {
    }

    /** Regulatory requirements the tenant's jobs must meet. */
    public record Compliance(
            @Size(max = 16) List<@NotNull @Pattern(regexp = "^(GDPR|HIPAA|SOC2|PCI_DSS|ISO27001|FEDRAMP)$",
                    message = "must be one of GDPR, HIPAA, SOC2, PCI_DSS, ISO27001, FEDRAMP") String> frameworks,
            @Pattern(regexp = "^[a-z]{2}(-[a-z0-9]+)*$", message = "must be a region such as eu or us-east") String dataResidency,
            Boolean piiRedaction,
            Boolean auditLogging) {
    }

    /** How the tenant is billed. */
    public record Billing(
            @Pattern(regexp = "^(FREE|STANDARD|ENTERPRISE)$", message = "must be one of FREE, STANDARD, ENTERPRISE") String plan,
            @Size(max = 64) String costCenter,
            @Email String billingEmail) {
    }

    /** Per-tenant SLO targets that replace monitoring's defaults. */
    public record SloOverrides(
            @DecimalMin("0.5") @DecimalMax("0.99999") Double availabilityTarget,
            @DecimalMin("0.5") @DecimalMax("0.99999") Double successRateTarget,
            @Min(1) @Max(3_600_000) Integer latencyP95Ms) {
    }
}
