/** Analytics' machinery: settings, the domain-event recorder, partition upkeep and the event rate limit. */
@NullMarked
package io.levqor.analytics.internal;

import org.jspecify.annotations.NullMarked;
