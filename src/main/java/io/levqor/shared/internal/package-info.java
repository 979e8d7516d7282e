/** The platform's plumbing: the database, the clock, logging and start-up messages. */
@NullMarked
package io.levqor.shared.internal;

import org.jspecify.annotations.NullMarked;
