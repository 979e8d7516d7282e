@NullMarked
package io.levqor.connectors.internal;

import org.jspecify.annotations.NullMarked;
