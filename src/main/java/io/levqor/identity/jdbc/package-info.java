/** All of identity's SQL. */
// Named so that the console may read the row records the identity facades answer with.
@org.springframework.modulith.NamedInterface("records")
@NullMarked
package io.levqor.identity.jdbc;

import org.jspecify.annotations.NullMarked;
