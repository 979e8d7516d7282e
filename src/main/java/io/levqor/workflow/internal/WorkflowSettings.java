package io.levqor.workflow.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the workflow module, bound to {@code levqor.workflow.*}.
 *
 * @param expressionTimeout the longest one {@code {{ … }}} expression may evaluate
 * @param expressionMaxDepth the deepest an expression may nest or recurse
 * @param expressionMaxOutput the largest result (characters of its JSON) one expression may produce
 * @param expressionCacheSize how many compiled expressions are kept
 * @param maxSteps the most steps one definition may have
 */
@ConfigurationProperties("levqor.workflow")
public record WorkflowSettings(
        @DefaultValue("1s") Duration expressionTimeout,
        @DefaultValue("200") int expressionMaxDepth,
        @DefaultValue("1000000") int expressionMaxOutput,
        @DefaultValue("10000") int expressionCacheSize,
        @DefaultValue("100") int maxSteps) {

    public static WorkflowSettings defaults() {
        return new WorkflowSettings(Duration.ofSeconds(1), 200, 1_000_000, 10_000, 100);
    }
}
