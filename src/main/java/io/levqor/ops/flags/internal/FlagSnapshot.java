package io.levqor.ops.flags.internal;

import io.levqor.ops.FeatureFlag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Every flag as of one version of the table, immutable: nodes swap whole snapshots, readers never lock. */
public record FlagSnapshot(long version, Map<String, CompiledFlag> flags) {

    public static final FlagSnapshot EMPTY = new FlagSnapshot(Long.MIN_VALUE, Map.of());

    public static FlagSnapshot of(long version, List<FeatureFlag> flags) {
        Map<String, CompiledFlag> compiled = new HashMap<>();
        flags.forEach(f -> compiled.put(f.key(), new CompiledFlag(f)));
        return new FlagSnapshot(version, Map.copyOf(compiled));
    }

    public @Nullable CompiledFlag find(String key) {
        return flags.get(key);
    }
}
