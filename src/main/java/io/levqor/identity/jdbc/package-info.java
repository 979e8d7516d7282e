/** All of identity's SQL. */
@NullMarked
package io.levqor.identity.jdbc;

import org.jspecify.annotations.NullMarked;
