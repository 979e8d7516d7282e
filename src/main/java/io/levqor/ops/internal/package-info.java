/** The operations layer's inner workings: metric binders and the like. */
@NullMarked
package io.levqor.ops.internal;

import org.jspecify.annotations.NullMarked;
