/** All of growth's SQL: referral codes, referrals and user sightings. */
@NullMarked
package io.levqor.growth.jdbc;

import org.jspecify.annotations.NullMarked;
