package io.levqor.privacy.internal;

import io.levqor.privacy.MasterKeyRotation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Finishes a master-key rotation when a node starts with a new {@code LEVQOR_MASTER_KEY} and the old one in
 * {@code LEVQOR_MASTER_KEY_PREVIOUS}. Started with the argument {@code rotate-master-key}, the process re-wraps and
 * exits, which is the operator's rotation command.
 */
@Component
class RewrapOnStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RewrapOnStart.class);

    private final MasterKeyRotation rotation;
    private final PrivacySettings settings;
    private final ConfigurableApplicationContext context;

    RewrapOnStart(MasterKeyRotation rotation, PrivacySettings settings, ConfigurableApplicationContext context) {
        this.rotation = rotation;
        this.settings = settings;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean command = args.getNonOptionArgs().contains("rotate-master-key");
        if (!command && !settings.rewrapOnStart()) {
            return;
        }
        int moved = rotation.rewrapDataKeys();
        long pending = rotation.pending();
        if (moved > 0 || pending > 0 || command) {
            log.info(
                    "master key {}: re-wrapped {} data keys, {} still wrapped by another master key",
                    rotation.currentMasterKeyId(),
                    moved,
                    pending);
        }
        if (command) {
            int status = pending == 0 ? 0 : 3;
            System.exit(SpringApplication.exit(context, () -> status));
        }
    }
}
