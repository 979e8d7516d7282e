package io.levqor.growth;

/**
 * A partner's money in one currency, minor units, all computed from the commission ledger and the payouts.
 *
 * @param revenue what attributed customers paid, net of refunds
 * @param earned commission net of claw-backs
 * @param pending commission still in its hold (the refund window)
 * @param payable commission past its hold and not paid out yet (negative after a claw-back of paid commission:
 *     netted against later commissions)
 * @param inPayout in payouts not finished yet
 * @param paid in payouts that reached the partner
 */
public record CommissionBalance(
        String currency, long revenue, long earned, long pending, long payable, long inPayout, long paid) {}
