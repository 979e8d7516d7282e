package io.levqor.growth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommissionMathTests {

    @Test
    void roundsHalfToEven() {
        assertThat(CommissionMath.commission(1900, 2000)).isEqualTo(380);
        assertThat(CommissionMath.commission(2, 2500)).isZero(); // 0.5 -> 0
        assertThat(CommissionMath.commission(6, 2500)).isEqualTo(2); // 1.5 -> 2
        assertThat(CommissionMath.commission(10, 2500)).isEqualTo(2); // 2.5 -> 2
        assertThat(CommissionMath.commission(14, 2500)).isEqualTo(4); // 3.5 -> 4
        assertThat(CommissionMath.commission(1001, 2000)).isEqualTo(200); // 200.2
        assertThat(CommissionMath.commission(1003, 2000)).isEqualTo(201); // 200.6
        assertThat(CommissionMath.commission(0, 2000)).isZero();
        assertThat(CommissionMath.commission(Long.MAX_VALUE / 10_000, 10_000)).isEqualTo(Long.MAX_VALUE / 10_000);
    }

    @Test
    void partnerCodesAreTenCharactersAndReadCaseInsensitively() {
        String code = PartnerCodes.newCode();
        assertThat(code).matches("[A-HJKMNP-Z2-9]{10}");
        assertThat(PartnerCodes.clean(" " + code.toLowerCase() + " ")).contains(code);
        assertThat(PartnerCodes.clean("ABCDEFGH")).isEmpty(); // a referral code's length
        assertThat(PartnerCodes.clean("ABCDEFGH1O")).isEmpty(); // look-alikes are not in the alphabet
        assertThat(PartnerTouch.parse(code + ".1700000000"))
                .contains(new PartnerTouch(code, java.time.Instant.ofEpochSecond(1_700_000_000L)));
        assertThat(PartnerTouch.parse(code + ".x")).isEmpty();
        assertThat(PartnerTouch.parse("nonsense")).isEmpty();
    }
}
