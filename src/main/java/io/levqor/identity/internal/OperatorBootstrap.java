package io.levqor.identity.internal;

import io.levqor.identity.jdbc.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes {@code LEVQOR_ADMIN_EMAIL} the platform operator at start: the account is promoted (and any other
 * demoted), or created with an unusable password and sent a password-reset mail to choose one.
 */
@Component
public class OperatorBootstrap {

    private static final Logger log = LoggerFactory.getLogger(OperatorBootstrap.class);

    private final IdentitySettings settings;
    private final UserRepository users;
    private final Accounts accounts;
    private final PasswordHashing passwords;
    private final TransactionTemplate transactions;

    OperatorBootstrap(
            IdentitySettings settings,
            UserRepository users,
            Accounts accounts,
            PasswordHashing passwords,
            TransactionTemplate transactions) {
        this.settings = settings;
        this.users = users;
        this.accounts = accounts;
        this.passwords = passwords;
        this.transactions = transactions;
    }

    @EventListener(ApplicationReadyEvent.class)
    void promote() {
        apply(settings.adminEmail());
    }

    /** Makes this address the operator (creating the account if needed); blank demotes everyone. */
    public void apply(String configured) {
        String email = configured.isBlank() ? "" : Checks.normalizeEmail(configured);
        transactions.executeWithoutResult(status -> {
            if (!email.isEmpty() && users.findByEmail(email).isEmpty()) {
                accounts.createAccount(email, passwords.hash(Secrets.token("")), "Operator", null);
                accounts.requestPasswordReset(email);
                log.info("Created the platform operator account {}; a password-reset mail was sent", email);
            }
            users.makeOnlyOperator(email);
        });
    }
}
