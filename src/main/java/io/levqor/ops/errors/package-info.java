/**
 * Error tracking: every unexpected server exception (and every error the console's scripts report) is stored grouped
 * by fingerprint (kind, type and top frames, never the message) with its count, first and last seen, the last
 * {@code errorId} and one redacted sample; the operator lists the groups.
 */
@NamedInterface("errors")
@NullMarked
package io.levqor.ops.errors;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
