/** Status page: its SQL (minute probes, the daily roll-up, incidents and their timelines). */
@NullMarked
package io.levqor.ops.status.jdbc;

import org.jspecify.annotations.NullMarked;
