package io.levqor.privacy.internal;

import io.levqor.privacy.jdbc.MasterKeyCheckRepository;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * At start, before anything decrypts: proves that this node's {@code LEVQOR_MASTER_KEY} is the one the database's
 * secrets are sealed under, against the check value stored on first start (V60), and that every data key is
 * wrapped by a master key this node has. Otherwise the node refuses to start ({@link MasterKeyMismatch}) instead of
 * reporting UP and answering 500 to every call that decrypts.
 */
@Component("masterKeyCheck")
public class MasterKeyCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyCheck.class);

    private final MasterKeyCheckRepository repository;
    private final MasterKeyring keyring;

    public MasterKeyCheck(MasterKeyCheckRepository repository, MasterKeyring keyring) {
        this.repository = repository;
        this.keyring = keyring;
    }

    @Override
    public void afterPropertiesSet() {
        verify();
    }

    /** Verifies (and on first start records) the master key; throws {@link MasterKeyMismatch} if it is wrong. */
    public void verify() {
        String current = keyring.currentId();
        var stored = repository.find();
        if (stored.isPresent()) {
            String storedId = stored.get().masterKeyId();
            byte[] expected = keyring.checkValue(storedId);
            if (expected == null
                    || !MessageDigest.isEqual(expected, stored.get().checkValue())) {
                throw new MasterKeyMismatch("this database's secrets are sealed under master key " + storedId
                        + ", and LEVQOR_MASTER_KEY is " + current
                        + (keyring.ids().size() > 1 ? " (LEVQOR_MASTER_KEY_PREVIOUS does not hold it either)" : ""));
            }
        }
        List<String> unknown = repository.masterKeysInUse().stream()
                .filter(id -> !keyring.knows(id))
                .toList();
        if (!unknown.isEmpty()) {
            throw new MasterKeyMismatch("data keys in this database are wrapped by master key(s) " + unknown
                    + ", which neither LEVQOR_MASTER_KEY (" + current + ") nor LEVQOR_MASTER_KEY_PREVIOUS holds");
        }
        if (stored.isEmpty()) {
            repository.insertIfNone(current, keyring.checkValue(current));
            log.info("Recorded the check value of master key {} (LEVQOR_MASTER_KEY)", current);
            verifyRecorded(); // another node may have recorded its own key first
        } else if (!stored.get().masterKeyId().equals(current)) {
            // A rotation: the old key is in LEVQOR_MASTER_KEY_PREVIOUS, the new one is current from now on.
            repository.replace(stored.get().masterKeyId(), current, keyring.checkValue(current));
            log.info("Master key check moved from {} to {}", stored.get().masterKeyId(), current);
        }
    }

    private void verifyRecorded() {
        var stored = repository.find().orElseThrow();
        byte[] expected = keyring.checkValue(stored.masterKeyId());
        if (expected == null || !MessageDigest.isEqual(expected, stored.checkValue())) {
            throw new MasterKeyMismatch("another node recorded master key " + stored.masterKeyId()
                    + " for this database, and LEVQOR_MASTER_KEY is " + keyring.currentId());
        }
    }

    /** The configured master key is not the one the database was set up with. */
    public static final class MasterKeyMismatch extends IllegalStateException {
        MasterKeyMismatch(String why) {
            super("Wrong LEVQOR_MASTER_KEY: " + why + ". Levqor does not start with a master key that cannot "
                    + "decrypt its data.");
        }
    }
}
