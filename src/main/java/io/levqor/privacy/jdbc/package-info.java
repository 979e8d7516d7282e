@NullMarked
package io.levqor.privacy.jdbc;

import org.jspecify.annotations.NullMarked;
