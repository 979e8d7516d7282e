/** How every HTTP error becomes an RFC 9457 problem document, and the request-size guard. */
@NullMarked
package io.levqor.shared.web;

import org.jspecify.annotations.NullMarked;
