package io.levqor.engine.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rate limit of {@code POST /hooks/{token}}, bound to {@code levqor.engine.hooks.rate-limit.*}: token buckets
 * per webhook token and per workspace, each refilled at {@code rate} per {@code period} up to {@code burst}.
 *
 * @param enabled false turns the limit off (the engine benchmark does)
 * @param perToken requests per period one webhook address may send, sustained
 * @param perTokenBurst how many it may send at once after a quiet spell
 * @param perWorkspace requests per period all of a workspace's webhooks may send together, sustained
 * @param perWorkspaceBurst how many they may send at once
 * @param period the period the rates are counted over
 */
@ConfigurationProperties("levqor.engine.hooks.rate-limit")
public record HookRateLimitSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100") long perToken,
        @DefaultValue("200") long perTokenBurst,
        @DefaultValue("500") long perWorkspace,
        @DefaultValue("1000") long perWorkspaceBurst,
        @DefaultValue("1s") Duration period) {}
