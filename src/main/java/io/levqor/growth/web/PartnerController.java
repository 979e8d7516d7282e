package io.levqor.growth.web;

import io.levqor.growth.PartnerCustomer;
import io.levqor.growth.PartnerDashboard;
import io.levqor.growth.PartnerView;
import io.levqor.growth.Partners;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A user's partnership in the current workspace: apply, code and link, customers, dashboard, statements. */
@RestController
class PartnerController {

    /** An application; {@code website} is where the partner will promote Levqor (optional). */
    record Application(@Nullable String website) {}

    private final Partners partners;

    PartnerController(Partners partners) {
        this.partners = partners;
    }

    @PostMapping("/api/v1/partners")
    @RequiresRole(Role.VIEWER)
    @ResponseStatus(HttpStatus.CREATED)
    PartnerView apply(Caller caller, @RequestBody(required = false) @Nullable Application application) {
        return partners.apply(caller, application == null ? null : application.website());
    }

    @GetMapping("/api/v1/partners/me")
    @RequiresRole(Role.VIEWER)
    PartnerView me(Caller caller) {
        return partners.me(caller);
    }

    @GetMapping("/api/v1/partners/me/customers")
    @RequiresRole(Role.VIEWER)
    List<PartnerCustomer> customers(Caller caller) {
        return partners.customers(caller);
    }

    @GetMapping("/api/v1/partners/me/dashboard")
    @RequiresRole(Role.VIEWER)
    PartnerDashboard dashboard(Caller caller) {
        return partners.dashboard(caller);
    }

    @GetMapping("/api/v1/partners/me/statements/{month}.csv")
    @ApiResponse(
            responseCode = "200",
            description = "The ledger lines written in the month (UTC), as CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @RequiresRole(Role.VIEWER)
    ResponseEntity<String> statement(Caller caller, @PathVariable String month) {
        String csv = partners.statement(caller, month);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"levqor-partner-" + month + ".csv\"")
                .body(csv);
    }
}
