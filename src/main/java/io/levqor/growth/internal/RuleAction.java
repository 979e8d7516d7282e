package io.levqor.growth.internal;

/** What a fraud rule does when it fires: nothing, hold the referral for the operator, or reject it outright. */
public enum RuleAction {
    OFF,
    HOLD,
    REJECT
}
