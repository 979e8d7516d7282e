@NullMarked
package io.levqor.privacy.internal;

import org.jspecify.annotations.NullMarked;
