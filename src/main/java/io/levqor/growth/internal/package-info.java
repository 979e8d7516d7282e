/** Growth's machinery: referral settings, the fraud rules, address canonicalisation and the event reactions. */
@NullMarked
package io.levqor.growth.internal;

import org.jspecify.annotations.NullMarked;
