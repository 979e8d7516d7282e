/**
 * The HTTP security of the whole application: the stateless bearer filter chain, Caller resolution, the one place
 * where {@link io.levqor.shared.RequiresRole} is enforced, rate limits, security headers and CORS.
 */
@NullMarked
package io.levqor.identity.security;

import org.jspecify.annotations.NullMarked;
