package io.levqor.ops.alerts;

import java.util.List;

/**
 * A rule another part of ops contributes as a bean (the SLO burn rate, anomalies, spend limits...). It owns the
 * alert names it lists: only they resolve when a round evaluates it without them firing.
 */
public interface AlertRule {

    /** The alert names this rule raises. */
    List<String> names();

    /** The alerts that fire now; a thrown exception leaves this rule's alerts as they were this round. */
    List<AlertRules.Firing> evaluate();
}
