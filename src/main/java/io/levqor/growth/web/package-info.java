/** Growth's HTTP adapters: a user's referral summary and the operator's review of flagged referrals. */
@NullMarked
package io.levqor.growth.web;

import org.jspecify.annotations.NullMarked;
