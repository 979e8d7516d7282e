package io.levqor.shared;

/**
 * Read-only port to the feature flags (implemented by {@code ops} through OpenFeature). Evaluation is in memory:
 * cheap enough to call on every request or step.
 */
public interface FeatureFlags {

    /** The flag that lets workflow steps of type {@code llm} run. */
    String LLM_STEPS = "llm-steps";

    /**
     * Whether the boolean flag serves {@code on} to this workspace; {@code fallback} when no such flag exists (or it
     * is not a boolean flag), so a feature keeps its behaviour while its flag is being created or after it is removed.
     */
    boolean enabled(String flag, WorkspaceId workspace, boolean fallback);

    /** The variant the multi-variant flag serves to this workspace; {@code fallback} when no such flag exists. */
    String variant(String flag, WorkspaceId workspace, String fallback);
}
