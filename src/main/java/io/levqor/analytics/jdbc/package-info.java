/** Analytics' SQL: the append-only, month-partitioned event table and the reports read from it. */
@NullMarked
package io.levqor.analytics.jdbc;

import org.jspecify.annotations.NullMarked;
