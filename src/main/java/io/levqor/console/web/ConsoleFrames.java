package io.levqor.console.web;

import io.levqor.console.security.ConsoleSession;
import io.levqor.identity.OperatorDirectory;
import io.levqor.mail.DevMailbox;
import io.levqor.shared.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Builds the frame for a request: navigation with the current section marked, and the signed-in user. */
@Component
class ConsoleFrames {

    /** A section of the navigation and the least role its page opens for (its controller's {@link ConsoleRole}). */
    record Section(String label, String path, Role least) {}

    private static final List<Section> SECTIONS = List.of(
            new Section("Workflows", "/console/workflows", Role.VIEWER),
            new Section("Runs", "/console/runs", Role.VIEWER),
            new Section("Credentials", "/console/credentials", Role.VIEWER),
            new Section("API keys", "/console/api-keys", Role.ADMIN),
            new Section("Members", "/console/members", Role.VIEWER),
            new Section("Audit log", "/console/audit", Role.ADMIN),
            new Section("Billing", "/console/billing", Role.VIEWER),
            new Section("Referrals", "/console/referrals", Role.VIEWER),
            new Section("Partner", "/console/partner", Role.VIEWER));

    static final Section OPERATOR_SECTION = new Section("Operator", "/console/operator", Role.VIEWER);

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
                                signed.role(),
                                operators.isOperator(signed.user().user())),
                        Permissions.of(signed.role()),
                        devMailbox))
                .orElseGet(() -> ConsoleFrame.anonymous(devMailbox));
    }

    static List<ConsoleFrame.NavItem> navigation(String requestPath, Role role, boolean operator) {
        // A link the member's role cannot open would only lead to a 403 page: leave it out.
        List<Section> sections = new ArrayList<>(
                SECTIONS.stream().filter(s -> role.atLeast(s.least())).toList());
        if (operator) {
            // Only the operator learns that the page exists; everyone else gets a 404 there.
            sections.add(OPERATOR_SECTION);
        }
        List<ConsoleFrame.NavItem> items = new ArrayList<>();
        for (Section section : sections) {
            boolean current = requestPath.equals(section.path()) || requestPath.startsWith(section.path() + "/");
            items.add(new ConsoleFrame.NavItem(section.label(), section.path(), current));
        }
        return items;
    }
}
