/** The {@code code} step: JavaScript run in a Rhino sandbox with CPU, allocation, stack and output limits. */
@NullMarked
package io.levqor.connectors.internal.code;

import org.jspecify.annotations.NullMarked;
