package io.levqor.identity.internal;

import io.levqor.identity.jdbc.UserRepository;
import io.levqor.identity.jdbc.UserRepository.UserRow;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes {@code LEVQOR_ADMIN_EMAIL} the platform operator at start: the account is promoted (and any other
 * demoted), or created without a password. Until the operator has chosen one, every start logs a one-time setup
 * link ({@code levqor.identity.operator-setup-ttl}): the first sign-in must not depend on a mailbox anyone can read.
 * A password-reset mail is sent too, for an instance with SMTP.
 */
@Component
public class OperatorBootstrap {

    private static final Logger log = LoggerFactory.getLogger(OperatorBootstrap.class);

    private final IdentitySettings settings;
    private final UserRepository users;
    private final Accounts accounts;
    private final TransactionTemplate transactions;
    private final FirstRun firstRun;

    OperatorBootstrap(
            IdentitySettings settings,
            UserRepository users,
            Accounts accounts,
            TransactionTemplate transactions,
            FirstRun firstRun) {
        this.firstRun = firstRun;
        this.settings = settings;
        this.users = users;
        this.accounts = accounts;
        this.transactions = transactions;
    }

    @EventListener(ApplicationReadyEvent.class)
    void promote() {
        if (firstRun.applies()) {
            // No LEVQOR_ADMIN_EMAIL and the first-run rule on: the first account that signed up is the operator,
            // and a restart must not demote it (with the rule off, a blank address still demotes everyone).
            return;
        }
        apply(settings.adminEmail());
    }

    /**
     * Makes this address the operator (creating the account if needed); blank demotes everyone. Returns the setup
     * link it logged, if the operator has no password yet.
     */
    public Optional<String> apply(String configured) {
        String email = configured.isBlank() ? "" : Checks.normalizeEmail(configured);
        return transactions.execute(status -> {
            Optional<String> setup = Optional.empty();
            if (!email.isEmpty()) {
                Optional<UserRow> existing = users.findByEmailKey(Checks.emailKey(email));
                if (existing.isEmpty()) {
                    accounts.createAccount(email, PasswordHashing.UNSET, "Operator", null);
                    accounts.requestPasswordReset(email);
                    existing = users.findByEmailKey(Checks.emailKey(email));
                    log.info("Created the platform operator account {}; a password-reset mail was sent", email);
                }
                UserRow operator = existing.orElseThrow();
                if (PasswordHashing.isUnset(operator.passwordHash())) {
                    String link = accounts.passwordSetupLink(operator.id(), settings.operatorSetupTtl());
                    log.warn("""

                            ================================================================
                              The platform operator {} has no password yet.
                              Choose it within {} with this one-time link:
                                {}
                              (A new link is logged at each start until the password is set.)
                            ================================================================""", email, settings.operatorSetupTtl(), link);
                    setup = Optional.of(link);
                }
            }
            users.makeOnlyOperator(email.isEmpty() ? "" : Checks.emailKey(email));
            return setup;
        });
    }
}
