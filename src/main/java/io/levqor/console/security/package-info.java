/**
 * The console's own Spring Security filter chain: a cookie session (HttpOnly, SameSite=Lax, Secure over HTTPS), CSRF
 * on every form, redirects to the login page. It matches console paths only; identity's bearer chain serves the API.
 */
@NullMarked
package io.levqor.console.security;

import org.jspecify.annotations.NullMarked;
