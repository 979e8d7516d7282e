package io.levqor.growth.web;

import io.levqor.growth.Partners;
import io.levqor.growth.internal.PartnerTouch;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Arrays;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A partner's link, public: counts the click, remembers the partner in a cookie for the attribution window (first
 * touch: a cookie already set is kept) and opens the signup page with the code. An unknown code still opens the
 * signup page, with nothing remembered.
 */
@RestController
class PartnerLinkController {

    private final Partners partners;

    PartnerLinkController(Partners partners) {
        this.partners = partners;
    }

    @GetMapping("/p/{code}")
    @ApiResponse(responseCode = "302", description = "To the signup page, with the code when it is a partner's")
    ResponseEntity<Void> follow(@PathVariable String code, HttpServletRequest request) {
        var touch = partners.clicked(code);
        var answer = ResponseEntity.status(HttpStatus.FOUND);
        if (touch.isEmpty()) {
            return answer.location(URI.create("/signup")).build();
        }
        boolean touchedBefore = request.getCookies() != null
                && Arrays.stream(request.getCookies())
                        .anyMatch(c -> c.getName().equals(PartnerTouch.COOKIE)
                                && PartnerTouch.parse(c.getValue()).isPresent());
        if (!touchedBefore) {
            ResponseCookie cookie = ResponseCookie.from(
                            PartnerTouch.COOKIE, touch.get().cookieValue())
                    .path("/")
                    .maxAge(partners.attributionWindow())
                    .httpOnly(true)
                    .secure(request.isSecure())
                    .sameSite("Lax")
                    .build();
            answer.header(HttpHeaders.SET_COOKIE, cookie.toString());
        }
        return answer.location(URI.create("/signup?ref=" + touch.get().code())).build();
    }
}
