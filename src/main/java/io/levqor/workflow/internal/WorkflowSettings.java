package io.levqor.workflow.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the workflow module, bound to {@code levqor.workflow.*}.
 *
 * @param expressionTimeout the longest one {@code {{ … }}} expression may evaluate
 * @param expressionMaxDepth the deepest an expression may nest or recurse
 * @param expressionMaxOutput the largest result (characters of its JSON) one expression may produce
 * @param expressionCacheSize how many compiled expressions are kept
 * @param maxSteps the most steps one definition may have
 * @param maxDefinitionSize the largest definition (its JSON) that validation accepts
 * @param maxExpressionLength the longest one {@code {{ … }}} expression may be, in characters
 * @param maxExpressions the most expressions one definition may hold
 * @param maxExpressionChars the most characters a definition's expressions may hold together
 * @param validationTimeBox how long checking a definition's expressions may take before validation gives up
 * @param maxReportedErrors the most problems one validation answer lists
 */
@ConfigurationProperties("levqor.workflow")
public record WorkflowSettings(
        @DefaultValue("1s") Duration expressionTimeout,
        @DefaultValue("200") int expressionMaxDepth,
        @DefaultValue("1000000") int expressionMaxOutput,
        @DefaultValue("10000") int expressionCacheSize,
        @DefaultValue("100") int maxSteps,
        @DefaultValue("256KB") DataSize maxDefinitionSize,
        @DefaultValue("16384") int maxExpressionLength,
        @DefaultValue("2000") int maxExpressions,
        @DefaultValue("65536") int maxExpressionChars,
        @DefaultValue("500ms") Duration validationTimeBox,
        @DefaultValue("50") int maxReportedErrors) {

    public static WorkflowSettings defaults() {
        DefinitionParser.Limits limits = DefinitionParser.Limits.defaults();
        return new WorkflowSettings(
                Duration.ofSeconds(1),
                limits.maxNesting(),
                1_000_000,
                10_000,
                100,
                DataSize.ofBytes(limits.maxDefinitionBytes()),
                limits.maxExpressionLength(),
                limits.maxExpressions(),
                limits.maxExpressionChars(),
                limits.timeBox(),
                limits.maxErrors());
    }

    /** The limits on validating one definition; nesting shares {@code expressionMaxDepth}. */
    public DefinitionParser.Limits definitionLimits() {
        return new DefinitionParser.Limits(
                (int) Math.min(Integer.MAX_VALUE, maxDefinitionSize.toBytes()),
                maxExpressionLength,
                expressionMaxDepth,
                maxExpressions,
                maxExpressionChars,
                validationTimeBox,
                maxReportedErrors);
    }
}
