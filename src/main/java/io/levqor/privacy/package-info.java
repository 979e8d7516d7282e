/**
 * GDPR export and erasure and the field-encryption keys; owns the {@code PersonalData} SPI that other modules implement.
 * {@link io.levqor.privacy.FieldEncryption} seals values with AES-256-GCM under per-workspace data keys, which are
 * wrapped by the master key ({@code LEVQOR_MASTER_KEY}); {@link io.levqor.privacy.MasterKeyRotation} re-wraps them
 * after the master key changes.
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package io.levqor.privacy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
