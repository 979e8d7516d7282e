package io.levqor.ops.flags.internal;

import dev.openfeature.sdk.OpenFeatureAPI;

/**
 * An OpenFeature API instance of Levqor's own rather than the JVM-wide singleton: two application contexts in one
 * JVM (tests, or a second "node") each keep their own provider instead of replacing each other's.
 */
public final class LevqorOpenFeature extends OpenFeatureAPI {

    public LevqorOpenFeature() {
        super();
    }
}
