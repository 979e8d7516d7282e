/** Flag evaluation: buckets, the in-memory snapshot kept fresh by LISTEN/NOTIFY and polling, the OpenFeature provider. */
@NullMarked
package io.levqor.ops.flags.internal;

import org.jspecify.annotations.NullMarked;
