/**
 * GDPR export and erasure and the field-encryption keys; owns the {@code PersonalData} SPI that other modules implement.
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package io.levqor.privacy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
