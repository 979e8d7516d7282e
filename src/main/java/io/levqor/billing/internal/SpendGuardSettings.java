package io.levqor.billing.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The daily spend guard on credits, bound to {@code levqor.billing.spend-guard.*}.
 *
 * @param defaultDailyCredits the cap for a workspace the operator set none for; 0 (the default) leaves the guard
 *     off for such workspaces
 */
@ConfigurationProperties("levqor.billing.spend-guard")
public record SpendGuardSettings(@DefaultValue("0") long defaultDailyCredits) {

    public SpendGuardSettings {
        if (defaultDailyCredits < 0) {
            throw new IllegalArgumentException(
                    "levqor.billing.spend-guard.default-daily-credits must be 0 (off) or positive");
        }
    }
}
