package io.levqor.privacy;

import io.levqor.privacy.internal.DataKeys;
import io.levqor.privacy.internal.MasterKeyring;
import org.springframework.stereotype.Service;

/**
 * Moves every data key onto the current master key (docs/credentials.md, "Rotating the master key"). Data keys are
 * re-wrapped one by one while the platform keeps serving: a ciphertext never changes, only its data key's wrapping.
 */
@Service
public class MasterKeyRotation {

    private final DataKeys keys;
    private final MasterKeyring masterKeys;

    public MasterKeyRotation(DataKeys keys, MasterKeyring masterKeys) {
        this.keys = keys;
        this.masterKeys = masterKeys;
    }

    /** Re-wraps what this node can; answers how many data keys moved to the current master key. */
    public int rewrapDataKeys() {
        return keys.rewrapAll();
    }

    /** Data keys still wrapped by another master key (0 once a rotation is complete). */
    public long pending() {
        return keys.wrappedByOtherMasterKey();
    }

    /** The id of the master key new data keys are wrapped with (derived from the key; safe to show). */
    public String currentMasterKeyId() {
        return masterKeys.currentId();
    }
}
