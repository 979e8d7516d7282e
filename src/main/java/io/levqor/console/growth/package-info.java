/** The console's referral page: a user's code, link and counts, through growth's {@code Referrals}. */
@NullMarked
package io.levqor.console.growth;

import org.jspecify.annotations.NullMarked;
