package io.levqor.console.web;

import io.levqor.console.security.ConsoleSession;
import io.levqor.identity.OperatorDirectory;
import io.levqor.mail.DevMailbox;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Builds the frame for a request: navigation with the current section marked, and the signed-in user. */
@Component
class ConsoleFrames {

    private static final List<String[]> SECTIONS = List.of(
            new String[] {"Workflows", "/console/workflows"},
            new String[] {"Runs", "/console/runs"},
            new String[] {"Credentials", "/console/credentials"},
            new String[] {"API keys", "/console/api-keys"},
            new String[] {"Members", "/console/members"},
            new String[] {"Audit log", "/console/audit"},
            new String[] {"Billing", "/console/billing"},
            new String[] {"Referrals", "/console/referrals"},
            new String[] {"Partner", "/console/partner"});

    static final String[] OPERATOR_SECTION = {"Operator", "/console/operator"};

    private final ConsoleSession session;
    private final OperatorDirectory operators;
    private final boolean devMailbox;

    ConsoleFrames(ConsoleSession session, OperatorDirectory operators, DevMailbox mailbox) {
        this.session = session;
        this.operators = operators;
        this.devMailbox = mailbox.enabled();
    }

    ConsoleFrame forRequest(HttpServletRequest request) {
        return session.signed()
                .map(signed -> new ConsoleFrame(
                        true,
                        signed.user().email(),
                        signed.workspaces().stream()
                                .map(ws -> new ConsoleFrame.WorkspaceChoice(
                                        ws.id().value().toString(),
                                        ws.name(),
                                        ws.role().apiName(),
                                        ws.id().equals(signed.workspace().id())))
                                .toList(),
                        navigation(
                                request.getRequestURI(),
                                operators.isOperator(signed.user().user())),
                        Permissions.of(signed.role()),
                        devMailbox))
                .orElseGet(() -> ConsoleFrame.anonymous(devMailbox));
    }

    static List<ConsoleFrame.NavItem> navigation(String requestPath, boolean operator) {
        List<String[]> sections = new ArrayList<>(SECTIONS);
        if (operator) {
            // Only the operator learns that the page exists; everyone else gets a 404 there.
            sections.add(OPERATOR_SECTION);
        }
        List<ConsoleFrame.NavItem> items = new ArrayList<>();
        for (String[] section : sections) {
            boolean current = requestPath.equals(section[1]) || requestPath.startsWith(section[1] + "/");
            items.add(new ConsoleFrame.NavItem(section[0], section[1], current));
        }
        return items;
    }
}
